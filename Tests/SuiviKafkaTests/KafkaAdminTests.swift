import Foundation
import Testing
@testable import SuiviKafka

@Suite("KafkaAdmin")
struct KafkaAdminTests {
    @Test("watermarks match what was produced to each partition")
    func watermarksMatchProduced() async throws {
        try await withTestTopic(partitions: 3) { topic in
            let producer = try KafkaProducer(configuration: testConfiguration, logger: testLogger())
            defer { producer.close() }
            let counts: [Int32: Int] = [0: 5, 1: 0, 2: 12]
            // One record per request: Tansu 0.6 reports the high watermark as the last record
            // batch's base offset + 1, so a multi-record batch would read low there.
            for (partition, count) in counts {
                for _ in 0..<count {
                    _ = try await producer.send(OutgoingMessage(topic: topic, value: [7], partition: partition))
                }
            }
            let admin = try KafkaAdmin(configuration: testConfiguration, logger: testLogger())

            for (partition, count) in counts {
                let marks = try admin.watermarks(topic: topic, partition: partition)
                #expect(marks.low == 0, "partition \(partition)")
                #expect(marks.high == Int64(count), "partition \(partition)")
            }
        }
    }

    @Test("creating an existing topic succeeds and changes nothing")
    func createTopicsIsIdempotent() async throws {
        try await withTestTopic(partitions: 4) { topic in
            let admin = try KafkaAdmin(configuration: testConfiguration, logger: testLogger())

            try admin.createTopics([TopicSpec(name: topic, partitions: 4)])
            try admin.createTopics([TopicSpec(name: topic, partitions: 4)])

            #expect(try admin.partitionCount(topic: topic) == 4)
        }
    }

    @Test("a deleted or never created topic has no partition count")
    func missingTopicHasNoPartitionCount() async throws {
        let admin = try KafkaAdmin(configuration: testConfiguration, logger: testLogger())
        let topic = try await withTestTopic(partitions: 2) { (topic: String) throws -> String in
            #expect(try admin.partitionCount(topic: topic) == 2)
            return topic
        }
        #expect(try admin.partitionCount(topic: topic) == nil)
        #expect(try admin.partitionCount(topic: "suivi-test-never-\(UUID().uuidString.lowercased())") == nil)
        try admin.deleteTopics([topic])
    }

    @Test("checkConnection reaches the test broker")
    func checkConnectionSucceeds() throws {
        let admin = try KafkaAdmin(configuration: testConfiguration, logger: testLogger())
        try admin.checkConnection(timeout: .seconds(5))
    }

    @Test("checkConnection against a closed port fails with brokerUnreachable and says what to do")
    func checkConnectionFailsOnClosedPort() throws {
        let log = CapturedLog()
        let admin = try KafkaAdmin(
            configuration: KafkaConfiguration(brokers: "127.0.0.1:1"),
            logger: log.logger(level: .debug)
        )

        let error = #expect(throws: KafkaError.self) { try admin.checkConnection(timeout: .seconds(2)) }

        #expect(error?.code == .brokerUnreachable)
        #expect(error?.message.contains("127.0.0.1:1") == true)
        #expect(error?.message.contains("ops/stack start") == true)
        #expect(error?.message.contains("SUIVI_KAFKA_BROKERS") == true)
        #expect(
            log.lines.withLock { $0 }.contains { $0.message.contains("127.0.0.1:1") && $0.metadata["kafka.facility"] != nil },
            "librdkafka's connection failures reach the Logger"
        )
    }
}
