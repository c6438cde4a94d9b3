import Foundation
import SuiviApp
import SuiviDomain
import SuiviPostgres
import SuiviStore
import Testing

/// Issue 16 against the real PostgreSQL: what a database owner or superuser can do with the append-only
/// trigger disabled, and `suivi audit verify` (as the read-only auditor) naming it with exit 4, whereas
/// the per-stream chains alone saw nothing. Untouched stores verify with exit 0.
@Suite("Audit: ledger and signed checkpoints", .serialized)
struct AuditLedgerTests {
    /// Three interleaved streams (12 events), checkpoints of 5 events each (3 checkpoints).
    func seeded(_ scope: TestStack.Scope) throws -> (owner: PostgresConnection, streams: [String: [AuditFixtures.Stored]],
        key: AuditSigningKey, folder: String)
    {
        let owner = try scope.connect()
        let streams = try AuditFixtures.seedInterleaved(owner)
        let (key, _, folder) = try LedgerFixtures.key()
        let signed = try LedgerFixtures.sign(owner, key, size: 5)
        #expect(signed.count == 3 && signed.map(\.statement.eventCount) == [5, 5, 2])
        return (owner, streams, key, folder)
    }

    func verify(_ scope: TestStack.Scope, _ arguments: [String] = []) throws -> (status: Int32, json: JSON, stderr: String) {
        let run = try AuditFixtures.suivi(["audit", "verify", "--json"] + arguments, scope,
            environment: ["SUIVI_DATABASE_URL": AuditFixtures.auditorURL(scope)])
        return (run.status, (try? JSONParser.parse(run.stdout)) ?? .null, run.stderr)
    }

    func position(_ result: (status: Int32, json: JSON, stderr: String)) -> Int64? {
        result.json["firstFailure"]?["position"]?.intValue.map(Int64.init)
    }

    @Test func anUntouchedStoreVerifiesWithItsLedgerAndCheckpoints() async throws {
        try await TestStack.withScope { scope in
            let (owner, _, key, folder) = try seeded(scope)
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let result = try verify(scope, ["--public-key", key.publicKeyBase64])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.json["checkpoints"]?["count"] == 3 && result.json["checkpoints"]?["eventsCovered"] == 12)
            #expect(result.json["checkpoints"]?["signer"] == .string(key.fingerprint))
            // Nothing more to sign; the head is the last event's.
            #expect(try LedgerFixtures.sign(owner, key, size: 5).isEmpty)
            let head = try #require(try CheckpointStore(connection: owner).ledgerHead())
            #expect(head.position == 12)
            // The text form says what held.
            let text = try AuditFixtures.suivi(["audit", "verify"], scope, environment: ["SUIVI_DATABASE_URL": AuditFixtures.auditorURL(scope)])
            #expect(text.status == 0 && text.stdout.contains("3 signed checkpoints") && text.stdout.contains("the ledger"), "\(text.stdout)")
            // Checkpoints signed by another key than the auditor's are refused.
            let other = try verify(scope, ["--public-key", AuditSigningKey().publicKeyBase64])
            #expect(other.status == 4 && other.json["firstFailure"]?["kind"] == "checkpoint")
        }
    }

    @Test func aDeletedTailIsNamedWithExitFour() async throws {
        try await TestStack.withScope { scope in
            let (owner, _, key, folder) = try seeded(scope)
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let export = try AuditFixtures.suivi(["audit", "checkpoints", "export", "--out", "\(folder)/kept.jsonl"], scope)
            #expect(export.status == 0, "\(export.stderr)")
            // The last two events (positions 11, 12, of stream C) deleted: C's own chain still holds.
            try AuditFixtures.tamper(owner, "DELETE FROM suivi.events WHERE position >= 11")
            #expect(try verify(scope, ["--public-key", key.publicKeyBase64]).status == 4)
            let caseOnly = try AuditFixtures.suivi(["audit", "verify", "case-audit-C"], scope)
            #expect(caseOnly.status == 0, "the stream's own chain cannot see a deleted tail")
            let named = try verify(scope)
            #expect(named.json["firstFailure"]?["kind"] == "checkpointMismatch" && position(named) == 11, "\(named.json)")
            #expect(named.stderr.contains("position 11"), "\(named.stderr)")

            // The forger also removes the last checkpoint and moves the ledger head back: the database alone is
            // consistent again, and only the checkpoints kept outside show the deletion.
            try LedgerFixtures.tamperCheckpoints(owner, "DELETE FROM suivi.checkpoints WHERE sequence = 3")
            _ = try owner.query("UPDATE suivi.ledger_head SET last_position = 10, ledger_hash = (SELECT ledger_hash FROM suivi.events WHERE position = 10)")
            #expect(try verify(scope).status == 0, "what the database holds is consistent")
            let kept = try verify(scope, ["--checkpoints", "\(folder)/kept.jsonl", "--public-key", key.publicKeyBase64])
            #expect(kept.status == 4, "\(kept.stderr)")
            #expect(kept.json["firstFailure"]?["kind"] == "checkpoint" && position(kept) == 11, "\(kept.json)")
            #expect(kept.stderr.contains("checkpoint 3") && kept.stderr.contains("missing from suivi.checkpoints"), "\(kept.stderr)")
        }
    }

    @Test func aRemovedStreamIsNamedAtTheNextPosition() async throws {
        try await TestStack.withScope { scope in
            let (owner, streams, _, folder) = try seeded(scope)
            defer { try? FileManager.default.removeItem(atPath: folder) }
            // Stream B (positions 2, 5, 8) removed whole: every remaining stream chain holds.
            try AuditFixtures.tamper(owner, "DELETE FROM suivi.events WHERE stream_id = 'case-audit-B'")
            for stream in ["case-audit-A", "case-audit-C"] {
                #expect(try AuditFixtures.suivi(["audit", "verify", stream], scope).status == 0)
            }
            let result = try verify(scope)
            #expect(result.status == 4)
            #expect(result.json["firstFailure"]?["kind"] == "ledgerBroken")
            #expect(position(result) == streams["case-audit-C"]![0].position, "the event after B1 (position 3): \(result.json)")
        }
    }

    @Test func aRewrittenEventWithEveryHashRecomputedIsNamedByItsCheckpoint() async throws {
        try await TestStack.withScope { scope in
            let (owner, streams, _, folder) = try seeded(scope)
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let target = streams["case-audit-A"]![2]  // position 7, in checkpoint 2 (positions 6-10)
            try AuditFixtures.tamper(owner, "UPDATE suivi.events SET actor = 'someone.else@example.org' WHERE position = \(target.position)")
            try LedgerFixtures.recomputeEverything(owner)
            // Every per-stream chain and the whole ledger hold again.
            let auditor = try AuditFixtures.auditorConnection(scope)
            defer { auditor.close() }
            var ledgerOnly = try StoreAudit(connection: auditor).verify(streamID: nil)
            #expect(ledgerOnly.firstFailure?.kind == .checkpointMismatch, "only the signed checkpoint sees it")
            ledgerOnly = try StoreAudit(connection: auditor).verify(streamID: "case-audit-A")
            #expect(ledgerOnly.passed)
            let result = try verify(scope)
            #expect(result.status == 4)
            #expect(result.json["firstFailure"]?["kind"] == "checkpointMismatch")
            #expect(position(result) == 6, "the range of checkpoint 2 starts at 6: \(result.json)")
            #expect(result.stderr.contains("checkpoint 2") && result.stderr.contains("positions 6-10"), "\(result.stderr)")
        }
    }

    @Test func reorderedPositionsAreNamed() async throws {
        try await TestStack.withScope { scope in
            let (owner, _, _, folder) = try seeded(scope)
            defer { try? FileManager.default.removeItem(atPath: folder) }
            // Positions 4 (A2) and 6 (C2) swapped; each stream's versions stay in order. An identity column
            // refuses updates, so the forger relaxes it first.
            try owner.execute("ALTER TABLE suivi.events ALTER COLUMN position SET GENERATED BY DEFAULT")
            try AuditFixtures.tamper(owner, "UPDATE suivi.events SET position = -4 WHERE position = 4")
            try AuditFixtures.tamper(owner, "UPDATE suivi.events SET position = 4 WHERE position = 6")
            try AuditFixtures.tamper(owner, "UPDATE suivi.events SET position = 6 WHERE position = -4")
            let result = try verify(scope)
            #expect(result.status == 4)
            #expect(position(result) == 4, "\(result.json)")
            #expect(result.json["firstFailure"]?["kind"] == "ledgerBroken")
        }
    }

    @Test func anAlteredOrRemovedCheckpointIsNamed() async throws {
        try await TestStack.withScope { scope in
            let (owner, _, key, folder) = try seeded(scope)
            defer { try? FileManager.default.removeItem(atPath: folder) }
            // Altered: checkpoint 2's statement says 4 events; its signature no longer holds.
            try LedgerFixtures.tamperCheckpoints(owner, """
                UPDATE suivi.checkpoints SET statement = replace(statement, '"eventCount":5', '"eventCount":4') WHERE sequence = 2
                """)
            var result = try verify(scope)
            #expect(result.status == 4)
            #expect(result.json["firstFailure"]?["kind"] == "checkpoint" && position(result) == 6, "\(result.json)")
            #expect(result.stderr.contains("checkpoint 2") && result.stderr.contains("signature"), "\(result.stderr)")
            // Removed from the middle: the chain of checkpoints names the gap.
            try LedgerFixtures.tamperCheckpoints(owner, "DELETE FROM suivi.checkpoints WHERE sequence = 2")
            result = try verify(scope)
            #expect(result.status == 4 && result.stderr.contains("checkpoint 2 missing"), "\(result.stderr)")
            // Re-signed with the forger's key: consistent, but not the auditor's key.
            try LedgerFixtures.tamperCheckpoints(owner, "DELETE FROM suivi.checkpoints")
            try LedgerFixtures.sign(owner, AuditSigningKey(), size: 5)
            #expect(try verify(scope).status == 0, "without the expected key, a consistent forgery holds")
            result = try verify(scope, ["--public-key", key.publicKeyBase64])
            #expect(result.status == 4 && result.json["firstFailure"]?["kind"] == "checkpoint")
        }
    }
}
