import Foundation
import Logging
import Synchronization
@testable import SuiviKafka

/// The broker the local stack starts (`ops/stack start`), as the executables find it.
let testBrokers = ProcessInfo.processInfo.environment["SUIVI_KAFKA_BROKERS"] ?? "127.0.0.1:9092"

let testConfiguration = KafkaConfiguration(brokers: testBrokers, clientID: "suivi-kafka-tests")

/// Log lines captured in memory, so tests print nothing and can look at what librdkafka said.
final class CapturedLog: Sendable {
    struct Line: Sendable {
        var level: Logger.Level
        var message: String
        var metadata: [String: String]
    }

    let lines = Mutex<[Line]>([])

    func logger(level: Logger.Level = .info) -> Logger {
        var logger = Logger(label: "suivi.kafka.tests") { _ in Handler(log: self) }
        logger.logLevel = level
        return logger
    }

    private struct Handler: LogHandler {
        let log: CapturedLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .info

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let line = Line(
                level: event.level,
                message: event.message.description,
                metadata: (event.metadata ?? [:]).mapValues(\.description)
            )
            log.lines.withLock { $0.append(line) }
        }
    }
}

/// A logger that keeps warnings and errors in memory and drops the rest.
func testLogger() -> Logger {
    CapturedLog().logger(level: .warning)
}

/// Creates a uniquely named topic, runs `body` with its name, and deletes the topic afterwards.
func withTestTopic<Result>(
    partitions: Int32 = 3,
    _ body: (String) async throws -> Result
) async throws -> Result {
    let admin = try KafkaAdmin(configuration: testConfiguration, logger: testLogger())
    let topic = "suivi-test-\(UUID().uuidString.lowercased())"
    try admin.createTopics([TopicSpec(name: topic, partitions: partitions)], timeout: .seconds(10))
    do {
        let result = try await body(topic)
        try? admin.deleteTopics([topic], timeout: .seconds(10))
        return result
    } catch {
        try? admin.deleteTopics([topic], timeout: .seconds(10))
        throw error
    }
}

/// Runs blocking consumer calls on a thread of their own, away from Swift's cooperative pool.
func onDedicatedThread<Result: Sendable>(
    _ body: @escaping @Sendable () throws -> Result
) async throws -> Result {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread {
            continuation.resume(with: Swift.Result { try body() })
        }
        thread.start()
    }
}

/// Polls until `count` messages arrived or `giveUpAfter` passed (then returns what it has).
func poll(_ consumer: KafkaConsumer, until count: Int, giveUpAfter: Duration = .seconds(60)) throws -> [KafkaMessage] {
    let clock = ContinuousClock()
    let deadline = clock.now + giveUpAfter
    var messages: [KafkaMessage] = []
    while messages.count < count, clock.now < deadline {
        messages += try consumer.poll(maxMessages: 10_000, timeout: .milliseconds(200))
    }
    return messages
}

/// `count` messages with 100 distinct keys, a header each and distinguishable values.
func sampleMessages(topic: String, count: Int) -> [OutgoingMessage] {
    (0..<count).map { index in
        OutgoingMessage(
            topic: topic,
            key: Array("case-\(index % 100)".utf8),
            value: Array("{\"n\":\(index),\"pad\":\"\(String(repeating: "x", count: 200))\"}".utf8),
            headers: [
                KafkaHeader(name: "ce_id", value: Array("id-\(index)".utf8)),
                KafkaHeader(name: "ce_type", value: Array("suivi.test".utf8)),
            ]
        )
    }
}
