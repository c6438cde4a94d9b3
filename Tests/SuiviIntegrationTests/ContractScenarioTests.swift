import Foundation
import SuiviOperations
import SuiviDomain
import SuiviKafka
import SuiviStore
import Testing

/// The demo scenario (three States, consent, decisions, activities, a withdrawal, the five regional
/// consultations, the report; duplicates and rule violations included) through the real broker and the
/// real decider: every message gets exactly the answer `demo-scenario.expect.ndjson` promises, on the
/// outcomes topic and in the store.
@Suite("The contract through the broker", .serialized)
struct ContractScenarioTests {
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Schemas/examples").standardized

    struct Expectation {
        let line: Int
        let id: String
        let status: String
        let reasons: [String]
        let duplicate: Bool
    }

    static func expectations() throws -> [Expectation] {
        let text = try String(contentsOf: examples.appendingPathComponent("demo-scenario.expect.ndjson"), encoding: .utf8)
        return try text.split(separator: "\n").map { line in
            let json = try JSONParser.parse(String(line))
            return Expectation(
                line: json["line"]?.intValue ?? 0, id: json["id"]?.stringValue ?? "", status: json["status"]?.stringValue ?? "",
                reasons: (json["reasons"]?.arrayValue ?? []).compactMap(\.stringValue), duplicate: json["duplicate"]?.boolValue ?? false)
        }
    }

    @Test func everyMessageGetsTheOutcomeTheScenarioPromises() async throws {
        // One partition: the scenario's expectations follow its global order, and the report's submission
        // reads consultations, which are other streams; across partitions Kafka orders each stream, not
        // the streams among themselves (an integrator submits the report after the consultations were held).
        try await TestStack.withScope(partitions: 1) { scope in
            let configuration = try scope.configuration
            let bytes = Array(try Data(contentsOf: Self.examples.appendingPathComponent("demo-scenario.ndjson")))
            let checked = CommandPublisher.validate(CommandPublisher.split(bytes))
            #expect(checked.allSatisfy { $0.0.isValid }, "every scenario line is schema-valid")
            let expectations = try Self.expectations()
            #expect(checked.count == expectations.count)

            let publisher = try CommandPublisher(configuration: configuration, logger: TestStack.logger)
            _ = try await publisher.publish(checked)
            publisher.close()
            let decider = try WorkerProcess("suivi-decider", environment: scope.environment)
            defer { decider.stop() }

            // Every message is answered on the outcomes topic, in order per subject.
            let consumer = try KafkaConsumer(configuration: configuration.kafka(clientID: "suivi-tests"), groupID: "\(scope.name)-reader", logger: TestStack.logger)
            defer { consumer.close() }
            try consumer.assign((0..<scope.partitions).map { TopicPartitionOffset(topic: configuration.topics.outcomes, partition: $0, offset: TopicPartitionOffset.beginning) })
            var answers: [String: [JSON]] = [:]
            var received = 0
            let deadline = ContinuousClock.now + .seconds(90)
            while received < expectations.count && ContinuousClock.now < deadline {
                let messages = try await Task { try consumer.poll(maxMessages: 1000, timeout: .milliseconds(500)) }.value
                for message in messages {
                    let outcome = try JSONParser.parse(message.value)
                    answers[outcome["commandId"]?.stringValue ?? "", default: []].append(outcome)
                    received += 1
                }
            }
            #expect(received == expectations.count, "one answer per published message")

            var seen: [String: Int] = [:]
            let connection = try scope.connect()
            let store = EventStore(connection: connection)
            for expectation in expectations {
                let index = seen[expectation.id, default: 0]
                seen[expectation.id] = index + 1
                let answer = try #require(answers[expectation.id]?.dropFirst(index).first, "no answer for line \(expectation.line) (\(expectation.id))")
                #expect(answer["status"]?.stringValue == expectation.status, "line \(expectation.line) \(expectation.id)")
                let codes = (answer["reasons"]?.arrayValue ?? []).compactMap { $0["code"]?.stringValue }
                #expect(Set(codes) == Set(expectation.reasons), "line \(expectation.line) \(expectation.id): \(codes)")
                #expect(answer["duplicate"]?.boolValue == expectation.duplicate, "line \(expectation.line) \(expectation.id)")
                if !expectation.duplicate {
                    let stored = try #require(try store.outcome(of: expectation.id))
                    #expect(stored.outcome.status.rawValue == expectation.status)
                    #expect(answer["eventIds"] == .array(stored.outcome.eventIDs.map { .string($0) }))
                }
            }

            // Each accepted command's events exist once; each decision and activity names its consent.
            let counts = try connection.query("""
                SELECT (SELECT count(*) FROM suivi.outcomes) AS outcomes,
                       (SELECT count(*) FROM suivi.outcomes WHERE status = 'accepted') AS accepted,
                       (SELECT count(DISTINCT command_id) FROM suivi.events) AS commands_with_events,
                       (SELECT count(*) FROM suivi.events WHERE event_type IN ('AssistanceApproved', 'ActivityRecorded') AND consent_id IS NULL) AS unbacked
                """)[0]
            #expect(try counts.int("outcomes") == Int64(Set(expectations.map(\.id)).count))
            let accepted = try counts.int("accepted")
            #expect(try counts.int("commands_with_events") == accepted)
            #expect(try counts.int("unbacked") == 0)
        }
    }
}
