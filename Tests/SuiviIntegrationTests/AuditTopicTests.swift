import SuiviOperations
import SuiviDomain
import SuiviKafka
import SuiviPostgres
import SuiviStore
import Testing

/// `suivi audit verify --against-topic`: the store compared with the events topic on the real broker.
@Suite("Audit: store against the events topic", .serialized)
struct AuditTopicTests {
    func verify(_ scope: TestStack.Scope, stream: String? = nil) throws -> AuditReport {
        let connection = try AuditFixtures.auditorConnection(scope)
        defer { connection.close() }
        let reader = EventsTopicReader(configuration: try scope.configuration, settle: .seconds(1), timeout: .seconds(60))
        return try AuditVerification.verify(connection: connection, streamID: stream, topic: reader, logger: TestStack.logger)
    }

    @Test func theRealDecidersEventsMatchAndAForgedHashIsNamed() async throws {
        try await TestStack.withScope { scope in
            let configuration = try scope.configuration
            let decider = try WorkerProcess("suivi-decider", environment: scope.environment)
            defer { decider.stop() }
            let cases = (1...6).map { "case-topic-\($0)" }
            let input = cases.enumerated().map { index, id in
                (line: index + 1, bytes: SampleCommands.bytes(SampleCommands.requestAssistance(
                    case: id, id: "cmd-topic-\(index)", state: SampleCommands.states[index])))
            }
            let publisher = try CommandPublisher(configuration: configuration, logger: TestStack.logger)
            _ = try await publisher.publish(CommandPublisher.validate(input))
            publisher.close()
            let connection = try scope.connect()
            try await TestStack.eventually("six events stored and relayed") {
                try connection.query("SELECT count(*) AS n FROM suivi.events")[0].int("n") == 6
                    && (try connection.query("SELECT coalesce(sum(position), 0) AS n FROM suivi.relay_cursors WHERE feed = 'events'")[0]
                        .int("n")) > 0
            }
            var report = try verify(scope)
            for _ in 0..<20 where !report.passed {  // the relay publishes right after the commit
                try await Task.sleep(for: .milliseconds(250))
                report = try verify(scope)
            }
            #expect(report.passed, "\(String(describing: report.firstFailure))")
            #expect(report.eventsChecked == 6)
            #expect(report.topic?.distinctEvents == 6)

            // Through the executable as an auditor: exit 0.
            let auditor = ["SUIVI_DATABASE_URL": AuditFixtures.auditorURL(scope)]
            let cli = try AuditFixtures.suivi(["audit", "verify", "--against-topic", "--settle", "1", "--json"], scope, environment: auditor)
            #expect(cli.status == 0, "\(cli.stderr)")
            #expect(try JSONParser.parse(cli.stdout)["topic"]?["distinctEvents"] == 6)

            // A forged copy of the third case's event, with another hash, published beside the real one.
            let victim = try #require(try EventStore(connection: connection).stream("case-topic-3").first)
            var forged = EventEnvelope.json(victim.event, hash: [UInt8](repeating: 0x42, count: 32))
            if case .object(var members) = forged { members["actor"] = "forger@example.org"; forged = .object(members) }
            try await AuditFixtures.publishRaw([(key: "case-topic-3", value: forged.canonicalBytes)], to: scope)
            report = try verify(scope)
            #expect(report.firstFailure?.kind == .topicHashMismatch, "\(String(describing: report.firstFailure))")
            #expect(report.firstFailure?.eventID == victim.event.metadata.eventID)
            #expect(report.firstFailure?.position == victim.event.position)
            let failed = try AuditFixtures.suivi(["audit", "verify", "--against-topic", "--settle", "1"], scope, environment: auditor)
            #expect(failed.status == 4)
            #expect(failed.stderr.split(separator: "\n").count == 1)
            #expect(failed.stderr.contains(victim.event.metadata.eventID), "\(failed.stderr)")
            // Another case, checked alone, is still fine.
            #expect(try verify(scope, stream: "case-topic-5").passed)
        }
    }

    @Test func aMissingEventAnExtraEventAndForgedContentAreCaught() async throws {
        try await TestStack.withScope { scope in
            let owner = try scope.connect()
            let streams = try AuditFixtures.seedInterleaved(owner)
            let all = streams.values.joined().sorted { $0.position < $1.position }
            let withheld = streams["case-audit-B"]![1]

            // Everything but one event, and one event republished (the relay may do that): one missing.
            try await AuditFixtures.publish(all.filter { $0.position != withheld.position } + [all[0]], to: scope)
            var report = try verify(scope)
            #expect(report.firstFailure?.kind == .missingFromTopic, "\(String(describing: report.firstFailure))")
            #expect(report.firstFailure?.position == withheld.position)
            #expect(report.firstFailure?.eventID == withheld.recorded.metadata.eventID)
            #expect(report.topic?.messages == 12)

            // Once it is there, all holds.
            try await AuditFixtures.publish([withheld], to: scope)
            report = try verify(scope)
            #expect(report.passed, "\(String(describing: report.firstFailure))")
            #expect(report.topic?.messages == 13 && report.topic?.distinctEvents == 12)

            // An event on the topic that the store never recorded.
            var ghost = withheld.recorded
            ghost.version = 9
            ghost.metadata.eventID = EventHash.uuid("ghost")
            try await AuditFixtures.publishRaw(
                [(key: ghost.streamID, value: EventEnvelope.json(ghost, hash: EventHash.compute(previous: nil, event: ghost)).canonicalBytes)],
                to: scope)
            report = try verify(scope)
            #expect(report.firstFailure?.kind == .notInStore, "\(String(describing: report.firstFailure))")
            #expect(report.firstFailure?.eventID == ghost.metadata.eventID)
            #expect(report.firstFailure?.topicPlace?.hasPrefix(scope.topics.events) == true)
            #expect(try verify(scope, stream: "case-audit-A").passed, "the ghost belongs to case B only")
            #expect(try verify(scope, stream: "case-audit-B").firstFailure?.kind == .notInStore)
        }
    }

    @Test func aTopicCopyWithTheRightHashButOtherContentIsCaught() async throws {
        try await TestStack.withScope { scope in
            let owner = try scope.connect()
            let stored = try AuditFixtures.appendChain(owner, stream: "case-audit-Q", count: 3)
            var altered = stored
            altered[2] = AuditFixtures.Stored(
                recorded: { var r = stored[2].recorded; r.metadata.actor = "someone.else@example.org"; return r }(),
                previousHash: stored[2].previousHash, hash: stored[2].hash, position: stored[2].position)
            try await AuditFixtures.publish(altered, to: scope)
            let report = try verify(scope)
            #expect(report.firstFailure?.kind == .topicContentMismatch, "\(String(describing: report.firstFailure))")
            #expect(report.firstFailure?.position == stored[2].position)
        }
    }
}
