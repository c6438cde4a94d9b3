import SuiviOperations
import SuiviDomain
import SuiviPostgres
import SuiviStore
import Testing

/// `suivi audit verify` against the real PostgreSQL: an intact store passes, and each kind of
/// tampering behind Suivi's back is caught and named exactly, with the read-only auditor role.
@Suite("Audit: verify the store", .serialized)
struct AuditVerifyTests {
    func verify(_ scope: TestStack.Scope, stream: String? = nil, chunkSize: Int = 5_000) throws -> AuditReport {
        let connection = try AuditFixtures.auditorConnection(scope)
        defer { connection.close() }
        return try AuditVerification.verify(connection: connection, streamID: stream, chunkSize: chunkSize, logger: TestStack.logger)
    }

    /// Asserts the report names exactly `stored` with `kind`.
    func expectNamed(_ report: AuditReport, _ kind: AuditFailure.Kind, _ stored: AuditFixtures.Stored, version: Int? = nil,
        sourceLocation: SourceLocation = #_sourceLocation)
    {
        let failure = report.firstFailure
        #expect(failure?.kind == kind, "\(String(describing: failure))", sourceLocation: sourceLocation)
        #expect(failure?.streamID == stored.recorded.streamID, sourceLocation: sourceLocation)
        #expect(failure?.version == (version ?? stored.recorded.version), sourceLocation: sourceLocation)
        #expect(failure?.position == stored.position, sourceLocation: sourceLocation)
        #expect(failure?.eventID == stored.recorded.metadata.eventID, sourceLocation: sourceLocation)
    }

    @Test func anIntactStorePassesAsTheAuditorInSmallChunks() async throws {
        try await TestStack.withScope { scope in
            let owner = try scope.connect()
            let streams = try AuditFixtures.seedInterleaved(owner)
            // The raw record the audit hashes is the domain's EventHash.record, member for member.
            for stored in streams.values.joined() {
                let audited = AuditedEvent(stored.recorded, previousHash: stored.previousHash, hash: stored.hash)
                #expect(audited.expectedHash(after: stored.previousHash) == stored.hash)
            }
            let report = try verify(scope, chunkSize: 5)  // 12 events: three chunks
            #expect(report.passed, "\(String(describing: report.firstFailure))")
            #expect(report.eventsChecked == 12)
            #expect(report.streamsChecked == 3)
            let one = try verify(scope, stream: "case-audit-C")
            #expect(one.passed && one.eventsChecked == 5 && one.streamsChecked == 1)

            // The auditor role really is read-only: the same session cannot write.
            let auditor = try AuditFixtures.auditorConnection(scope)
            #expect(throws: PostgresError.self) { try auditor.execute("DELETE FROM suivi.dead_letters") }
        }
    }

    @Test func anAlteredActorOrPayloadIsNamedExactly() async throws {
        try await TestStack.withScope { scope in
            let owner = try scope.connect()
            let streams = try AuditFixtures.seedInterleaved(owner)
            let target = streams["case-audit-B"]![1]  // version 2 of B, in the middle of the store
            try AuditFixtures.tamper(owner, "UPDATE suivi.events SET actor = 'someone.else@example.org' WHERE position = \(target.position)")
            var report = try verify(scope)
            expectNamed(report, .hashMismatch, target)
            #expect(report.eventsChecked < 12, "the walk stops at the first bad event")
            #expect(try verify(scope, stream: "case-audit-A").passed, "other streams are untouched")

            // Put the actor back: the chain holds again; then alter the payload of another stream's last event.
            try AuditFixtures.tamper(owner, "UPDATE suivi.events SET actor = \(target.recorded.metadata.actor) WHERE position = \(target.position)")
            #expect(try verify(scope).passed)
            let last = streams["case-audit-C"]![4]
            try AuditFixtures.tamper(owner, """
                UPDATE suivi.events SET data = replace(data::text, '"SEN"', '"SEX"')::json WHERE position = \(last.position)
                """)
            report = try verify(scope)
            expectNamed(report, .hashMismatch, last)

            // The CLI, as an auditor runs it: exit 4, one line on stderr naming the event, JSON for scripts.
            let auditor = ["SUIVI_DATABASE_URL": AuditFixtures.auditorURL(scope)]
            let cli = try AuditFixtures.suivi(["audit", "verify"], scope, environment: auditor)
            #expect(cli.status == 4, "\(cli.stderr)")
            #expect(cli.stderr.split(separator: "\n").count == 1)
            #expect(cli.stderr.contains(last.recorded.metadata.eventID) && cli.stderr.contains("version 5"), "\(cli.stderr)")
            let json = try AuditFixtures.suivi(["audit", "verify", "--json"], scope, environment: auditor)
            #expect(json.status == 4)
            let parsed = try JSONParser.parse(json.stdout)
            #expect(parsed["ok"] == false)
            #expect(parsed["firstFailure"]?["kind"] == "hashMismatch")
            #expect(parsed["firstFailure"]?["eventId"] == .string(last.recorded.metadata.eventID))
            #expect(parsed["firstFailure"]?["position"] == .number(String(last.position)))
            let other = try AuditFixtures.suivi(["audit", "verify", "case-audit-A", "--json"], scope, environment: auditor)
            #expect(other.status == 0, "\(other.stderr)")
            #expect(try JSONParser.parse(other.stdout)["eventsChecked"] == 4)
        }
    }

    @Test func deletedReversionedAndRelinkedEventsAreCaught() async throws {
        try await TestStack.withScope { scope in
            let owner = try scope.connect()
            let streams = try AuditFixtures.seedInterleaved(owner)
            let a = streams["case-audit-A"]!

            // A version changed (as if to hide an event): the gap is named at that event.
            try AuditFixtures.tamper(owner, "UPDATE suivi.events SET version = 9 WHERE position = \(a[1].position)")
            expectNamed(try verify(scope), .versionGap, a[1], version: 9)
            try AuditFixtures.tamper(owner, "UPDATE suivi.events SET version = 2 WHERE position = \(a[1].position)")
            #expect(try verify(scope).passed)

            // Two versions swapped: caught at the first event out of order.
            try AuditFixtures.tamper(owner, "UPDATE suivi.events SET version = 100 WHERE position = \(a[1].position)")
            try AuditFixtures.tamper(owner, "UPDATE suivi.events SET version = 2 WHERE position = \(a[2].position)")
            try AuditFixtures.tamper(owner, "UPDATE suivi.events SET version = 3 WHERE position = \(a[1].position)")
            expectNamed(try verify(scope), .versionGap, a[1], version: 3)
        }
    }

    @Test func aDeletedEventOrABrokenLinkIsNamedAtTheEventAfter() async throws {
        try await TestStack.withScope { scope in
            let owner = try scope.connect()
            let streams = try AuditFixtures.seedInterleaved(owner)
            let c = streams["case-audit-C"]!
            try AuditFixtures.tamper(owner, "DELETE FROM suivi.events WHERE position = \(c[2].position)")
            // Over the whole store the ledger breaks first, at the next event in position order (A4); the case's
            // own walk names the gap in its versions.
            expectNamed(try verify(scope), .ledgerBroken, streams["case-audit-A"]![3])
            expectNamed(try verify(scope, stream: "case-audit-C"), .versionGap, c[3])
            let cli = try AuditFixtures.suivi(["audit", "verify", "case-audit-C"], scope,
                environment: ["SUIVI_DATABASE_URL": AuditFixtures.auditorURL(scope)])
            #expect(cli.status == 4)
            #expect(cli.stderr.contains("version 3 is missing"), "\(cli.stderr)")

            let b = streams["case-audit-B"]!
            try AuditFixtures.tamper(owner, "UPDATE suivi.events SET prev_hash = \(a32(0xAB)) WHERE position = \(b[2].position)")
            let report = try verify(scope, stream: "case-audit-B")
            expectNamed(report, .brokenLink, b[2])

            // A duplicated event id, once the constraint that prevents it is dropped.
            try owner.execute("ALTER TABLE suivi.events DROP CONSTRAINT events_event_id_key")
            let a = streams["case-audit-A"]!
            try AuditFixtures.tamper(owner, "UPDATE suivi.events SET event_id = \(a[0].recorded.metadata.eventID)::uuid WHERE position = \(a[3].position)")
            let duplicate = try verify(scope, stream: "case-audit-A")
            #expect(duplicate.firstFailure?.kind == .duplicateEventID)
            #expect(duplicate.firstFailure?.position == a[3].position)
        }
    }

    @Test func anUnknownCaseIsExitOneAndAnIntactOneExitZero() async throws {
        try await TestStack.withScope { scope in
            let owner = try scope.connect()
            try AuditFixtures.appendChain(owner, stream: "case-audit-Z", count: 3)
            let auditor = ["SUIVI_DATABASE_URL": AuditFixtures.auditorURL(scope)]
            let missing = try AuditFixtures.suivi(["audit", "verify", "no-such-case"], scope, environment: auditor)
            #expect(missing.status == 1)
            #expect(missing.stderr.split(separator: "\n").count == 1)
            let fine = try AuditFixtures.suivi(["audit", "verify", "case-audit-Z"], scope, environment: auditor)
            #expect(fine.status == 0, "\(fine.stderr)")
            #expect(fine.stdout.contains("OK"))
        }
    }

    func a32(_ byte: UInt8) -> [UInt8] { [UInt8](repeating: byte, count: 32) }
}
