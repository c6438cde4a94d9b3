import Foundation
import SuiviOperations
import SuiviDomain
import SuiviKafka
import SuiviPostgres
import SuiviStore
import Testing

/// The whole path, for real: publish to the broker, the decider and projector executables as child
/// processes, PostgreSQL, and the CLI's own query and rendering code.
@Suite("Kafka to PostgreSQL, end to end", .serialized)
struct WalkingSkeletonTests {
    @Test func aPublishedRequestIsDecidedProjectedAndShownByTheCLI() async throws {
        try await TestStack.withScope { scope in
            let configuration = try scope.configuration
            let decider = try WorkerProcess("suivi-decider", environment: scope.environment)
            let projector = try WorkerProcess("suivi-projector", environment: scope.environment)
            defer { decider.stop(); projector.stop() }

            let request = SampleCommands.requestAssistance(case: "case-TGO-2026-001", id: "cmd-skeleton-1")
            let input = [(line: 1, bytes: SampleCommands.bytes(request))]
            let publisher = try CommandPublisher(configuration: configuration, logger: TestStack.logger)
            let verdicts = try await publisher.publish(CommandPublisher.validate(input))
            publisher.close()
            #expect(verdicts.count == 1)
            #expect(verdicts[0].isValid && verdicts[0].offset != nil)

            let connection = try scope.connect()
            let queries = CaseQueries(connection: connection)
            try await TestStack.eventually("the case in the read model") { try queries.show("case-TGO-2026-001") != nil }

            // The CLI's own output code, read back as a script would.
            let shown = try JSONParser.parse(CaseReport.showJSON(try #require(try queries.show("case-TGO-2026-001"))))
            #expect(shown["caseId"] == "case-TGO-2026-001")
            #expect(shown["state"] == "TGO")
            #expect(shown["status"] == "requested")
            #expect(shown["provider"] == "ohchr-field-presence")
            #expect(shown["capacities"] == ["engagement", "coordination", "information-management"])
            #expect(shown["requestedBy"] == "focal.point@tgo.gov.example")
            #expect(shown["version"] == 1)
            let listed = try JSONParser.parse(CaseReport.listJSON(try queries.list(.init(state: "TGO"))))
            #expect(listed.arrayValue?.count == 1)

            // The record behind it: one event, its outcome, the offsets stored with them.
            let store = EventStore(connection: connection)
            let stream = try store.stream("case-TGO-2026-001")
            #expect(stream.count == 1)
            #expect(stream[0].event.event.typeName == "AssistanceRequested")
            #expect(stream[0].hash == EventHash.compute(previous: nil, event: stream[0].event))
            let outcome = try #require(try store.outcome(of: "cmd-skeleton-1"))
            #expect(outcome.outcome.status == .accepted)
            #expect(outcome.outcome.eventIDs == [stream[0].event.metadata.eventID])
            let offsets = try store.offsets(group: configuration.deciderGroup, topic: configuration.topics.commands)
            #expect(offsets.values.reduce(0, +) == 1)

            // The same thing through the real executable.
            let cli = try WorkerProcess.run("suivi", ["case", "show", "case-TGO-2026-001", "--json"], environment: scope.environment)
            #expect(cli.status == 0)
            #expect(try JSONParser.parse(cli.stdout)["caseId"] == "case-TGO-2026-001")
            let missing = try WorkerProcess.run("suivi", ["case", "show", "no-such-case"], environment: scope.environment)
            #expect(missing.status == 1)
            #expect(missing.stderr.split(separator: "\n").count == 1)
            let usage = try WorkerProcess.run("suivi", ["cases", "list", "--limit", "many"], environment: scope.environment)
            #expect(usage.status == 2)
            #expect(usage.stderr.split(separator: "\n").count == 1)
        }
    }

    @Test func aProjectorKilledMidStreamLosesNothingAndAppliesNothingTwice() async throws {
        try await TestStack.withScope(partitions: 4) { scope in
            let configuration = try scope.configuration
            let total = 3_000
            let producer = try KafkaProducer(configuration: configuration.kafka(clientID: "suivi-tests"), logger: TestStack.logger)
            func messages(_ range: Range<Int>) -> [OutgoingMessage] {
                range.map { index in
                    let envelope = SampleCommands.requestAssistance(
                        case: "case-\(index)", id: "cmd-restart-\(index)", state: SampleCommands.states[index % SampleCommands.states.count])
                    return OutgoingMessage(topic: configuration.topics.commands, key: Array(envelope.subject.utf8), value: SampleCommands.bytes(envelope))
                }
            }
            _ = try await producer.send(messages(0..<(total / 2)))

            let decider = try WorkerProcess("suivi-decider", environment: scope.environment.merging(["SUIVI_BATCH_SIZE": "100"]) { $1 })
            defer { decider.stop() }
            var projector = try WorkerProcess("suivi-projector", environment: scope.environment.merging(["SUIVI_BATCH_SIZE": "50"]) { $1 })
            let connection = try scope.connect()
            let readModels = ReadModelStore(connection: connection)
            func projected() throws -> Int { Int(try connection.query("SELECT count(*) AS n FROM suivi_read.cases")[0].int("n")) }

            // Crash it (SIGKILL: no chance to finish anything) once part of the stream is applied.
            try await TestStack.eventually("some events projected") { try projected() >= 300 }
            projector.stop(signal: SIGKILL)
            let atCrash = try projected()
            // The rest of the stream arrives while the projector is down.
            _ = try await producer.send(messages((total / 2)..<total))
            producer.close()
            #expect(atCrash < total, "the crash happens mid-stream")
            projector = try WorkerProcess("suivi-projector", environment: scope.environment.merging(["SUIVI_BATCH_SIZE": "50"]) { $1 })
            defer { projector.stop() }

            try await TestStack.eventually("every event projected", timeout: .seconds(120)) { try projected() == total }
            let stats = try readModels.stats(group: configuration.projectorGroup)
            #expect(stats.applied == total, "each event applied once")
            #expect(stats.skipped == 0, "no event delivered to the read models a second time")
            // The stored offsets cover exactly the events published: offsets start at 0 and are consecutive,
            // so their sum over partitions is the number of events. (Tansu 0.6 misreports high watermarks.)
            let stored = try readModels.offsets(group: configuration.projectorGroup, topic: configuration.topics.events)
            #expect(stored.values.reduce(0, +) == Int64(total))
            let versions = try connection.query("SELECT count(*) AS n FROM suivi_read.cases WHERE version <> 1")
            #expect(try versions[0].int("n") == 0)
        }
    }

    @Test func undecodableMessagesAreDeadLetteredAndTheRestIsProcessed() async throws {
        try await TestStack.withScope(partitions: 1) { scope in
            let configuration = try scope.configuration
            let producer = try KafkaProducer(configuration: configuration.kafka(clientID: "suivi-tests"), logger: TestStack.logger)
            let good = SampleCommands.requestAssistance(case: "case-after-poison", id: "cmd-after-poison")
            var unknownType = good
            unknownType.id = "cmd-unknown-type"
            let unknownTypeBytes = Array(String(decoding: SampleCommands.bytes(unknownType), as: UTF8.self)
                .replacingOccurrences(of: "suivi.command.RequestAssistance", with: "suivi.command.LaunchRocket").utf8)
            let poison: [[UInt8]] = [Array("this is not json".utf8), [0xFF, 0xFE, 0x00], unknownTypeBytes]
            _ = try await producer.send(poison.map { OutgoingMessage(topic: configuration.topics.commands, key: Array("case-x".utf8), value: $0) }
                + [OutgoingMessage(topic: configuration.topics.commands, key: Array(good.subject.utf8), value: SampleCommands.bytes(good))])
            producer.close()
            let decider = try WorkerProcess("suivi-decider", environment: scope.environment)
            defer { decider.stop() }
            let connection = try scope.connect()
            try await TestStack.eventually("the good command decided") { try EventStore(connection: connection).outcome(of: "cmd-after-poison") != nil }
            let letters = try connection.query("SELECT reason_code, reason, message_value FROM suivi.dead_letters ORDER BY \"offset\"")
            #expect(letters.count == 3)
            #expect(letters[0]["reason_code"] == "syntax")
            #expect(try letters[1].bytes("message_value") == [0xFF, 0xFE, 0x00])
            #expect(letters[2]["reason_code"] == "unknownType")
            #expect(letters[2]["reason"]?.contains("LaunchRocket") == true)
        }
    }
}
