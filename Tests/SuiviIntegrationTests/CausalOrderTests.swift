import Foundation
import SuiviDomain
import SuiviKafka
import SuiviPostgres
import SuiviStore
import Testing

/// Causal order across aggregates, through the real broker and decider: one producer publishes, without
/// waiting, five consultations scheduled and held and then a report's submission drawing on them; the
/// consultations are other streams, on other partitions, and the outcome must still be the one that
/// publish order implies.
@Suite("Causal order across partitions", .serialized)
struct CausalOrderTests {
    @Test func twentySubmissionsDrawingOnFiveConsultationsAreAllAccepted() async throws {
        try await TestStack.withScope(partitions: 6) { scope in
            let configuration = try scope.configuration
            let decider = try WorkerProcess("suivi-decider", environment: scope.environment)
            defer { decider.stop() }
            let producer = try KafkaProducer(configuration: configuration.kafka(clientID: "suivi-tests"), logger: TestStack.logger)
            defer { producer.close() }
            let scenarios = (0..<20).map { CrossStreamScenario(prefix: "co-\($0)") }
            var partitionsUsed: Set<Int32> = []
            for scenario in scenarios {
                let reports = try await producer.send(scenario.messages().map {
                    OutgoingMessage(topic: configuration.topics.commands, key: Array($0.key.utf8), value: $0.value)
                })
                partitionsUsed.formUnion(reports.map(\.partition))
            }
            #expect(partitionsUsed.count > 1, "the streams spread over several partitions")
            let store = EventStore(connection: try scope.connect())
            try await TestStack.eventually("20 submissions decided") {
                try store.outcomes(for: scenarios.map(\.submissionID)).count == 20
            }
            let outcomes = try store.outcomes(for: scenarios.map(\.submissionID))
            let accepted = outcomes.values.filter { $0.outcome.status == .accepted }.count
            #expect(accepted == 20, "\(outcomes.values.filter { $0.outcome.status != .accepted }.map { $0.outcome.reasons })")
        }
    }

    @Test func aConsultationNeverHeldRejectsTheSubmissionAfterTheWaitAndTheReportGoesOnInOrder() async throws {
        try await TestStack.withScope(partitions: 6) { scope in
            let configuration = try scope.configuration
            var environment = scope.environment
            environment["SUIVI_DEPENDENCY_WAIT"] = "2000"
            let decider = try WorkerProcess("suivi-decider", environment: environment)
            defer { decider.stop() }
            let producer = try KafkaProducer(configuration: configuration.kafka(clientID: "suivi-tests"), logger: TestStack.logger)
            defer { producer.close() }
            let scenario = CrossStreamScenario(prefix: "co-missing", neverHeld: 2)
            _ = try await producer.send(scenario.messages(withFollower: true).map {
                OutgoingMessage(topic: configuration.topics.commands, key: Array($0.key.utf8), value: $0.value)
            })
            let connection = try scope.connect()
            let store = EventStore(connection: connection)
            // While it waits, `suivi.held_commands` (what `suivi status` shows) holds it; sampled, not
            // required, since a loaded machine may decide it between two samples.
            var sawHeld = false
            try await TestStack.eventually("the report's commands decided") {
                if try HeldCommandStore(connection: connection).all().rows.contains(where: { $0.commandID == scenario.submissionID }) {
                    sawHeld = true
                }
                return try store.outcomes(for: [scenario.submissionID, scenario.followerID]).count == 2
            }
            let submission = try #require(try store.outcome(of: scenario.submissionID)).outcome
            let follower = try #require(try store.outcome(of: scenario.followerID)).outcome
            #expect(submission.status == .rejected)
            #expect(submission.reasons.map(\.code) == [.reportConsultationNotHeld])
            // From the report's first command (decided as soon as the decider read it) to its submission.
            let mandate = try #require(try store.outcome(of: "co-missing-mandate")).outcome
            let heldFor = Double(submission.recordedAt.microseconds - mandate.recordedAt.microseconds) / 1e6
            #expect(heldFor >= 2, "rejected only after the bounded wait (decided \(heldFor) s after the mandate)")
            TestStack.logger.info("the submission was decided after its wait", metadata: [
                "suivi.held.seconds": "\(heldFor)", "suivi.held.seen": "\(sawHeld)",
            ])
            #expect(follower.reasons.map(\.code) == [.reportInvalidTransition], "decided after the submission, as published")
            let positions = try connection.query("""
                SELECT command_id FROM suivi.outcomes WHERE command_id IN (\(scenario.submissionID), \(scenario.followerID)) ORDER BY position
                """).rows.map { try $0.string("command_id") }
            #expect(positions == [scenario.submissionID, scenario.followerID])
            #expect(try HeldCommandStore(connection: connection).all().total == 0, "nothing left held")

            let status = try WorkerProcess.run("suivi", ["status", "--json"], environment: scope.environment)
            #expect(try JSONParser.parse(status.stdout)["held"]?["total"] == 0)
        }
    }
}
