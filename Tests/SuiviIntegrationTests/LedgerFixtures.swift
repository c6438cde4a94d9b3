import Foundation
import SuiviApp
import SuiviDomain
import SuiviPostgres
import SuiviStore

/// What the ledger tests need beyond ``AuditFixtures``: a signing key on disk, checkpoints signed as the
/// decider signs them, and the forger's tools of a superuser (hashes and the ledger recomputed after a
/// rewrite, checkpoints removed or altered with their trigger disabled).
enum LedgerFixtures {
    /// A new key written to a fresh temporary folder.
    static func key() throws -> (key: AuditSigningKey, path: String, folder: String) {
        let folder = NSTemporaryDirectory() + "suivi-ledger-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let key = AuditSigningKey()
        try AuditFiles.writeKey(key, to: "\(folder)/checkpoint.pem")
        return (key, "\(folder)/checkpoint.pem", folder)
    }

    /// Signs checkpoints over the whole ledger, `size` events each.
    @discardableResult
    static func sign(_ connection: PostgresConnection, _ key: AuditSigningKey, size: Int) throws -> [SignedCheckpoint] {
        try CheckpointStore(connection: connection).signDue(key: key, maxEvents: size, now: SystemClock.now())
    }

    /// Runs `sql` on the checkpoints table with its append-only trigger disabled.
    static func tamperCheckpoints(_ connection: PostgresConnection, _ sql: PostgresQuery) throws {
        try connection.execute("ALTER TABLE suivi.checkpoints DISABLE TRIGGER checkpoints_append_only")
        defer { _ = try? connection.execute("ALTER TABLE suivi.checkpoints ENABLE TRIGGER checkpoints_append_only") }
        _ = try connection.query(sql)
    }

    /// What a forger with superuser rights does after changing events: every stream hash recomputed from
    /// the stored content, then the ledger and its head from the first event on, so that every chain the
    /// database holds is consistent again.
    static func recomputeEverything(_ connection: PostgresConnection) throws {
        try connection.execute("ALTER TABLE suivi.events DISABLE TRIGGER events_append_only")
        defer { _ = try? connection.execute("ALTER TABLE suivi.events ENABLE TRIGGER events_append_only") }
        let store = EventStore(connection: connection)
        let streams = try connection.query("SELECT DISTINCT stream_id FROM suivi.events").rows.map { try $0.string("stream_id") }
        for stream in streams {
            var previous: [UInt8]?
            for link in try store.stream(stream) {
                let hash = EventHash.compute(previous: previous, event: link.event)
                _ = try connection.query("""
                    UPDATE suivi.events SET prev_hash = \(previous.map { PostgresValue.bytes($0) } ?? .null), hash = \(hash)
                    WHERE position = \(link.event.position)
                    """)
                previous = hash
            }
        }
        var ledger = LedgerHash.genesis
        var last: Int64 = 0
        var count: Int64 = 0
        for row in try connection.query("SELECT position, hash FROM suivi.events ORDER BY position").rows {
            let position = try row.int("position")
            ledger = LedgerHash.next(eventHash: try row.bytes("hash") ?? [], previous: ledger)
            _ = try connection.query("UPDATE suivi.events SET ledger_hash = \(ledger) WHERE position = \(position)")
            last = position
            count += 1
        }
        _ = try connection.query("UPDATE suivi.ledger_head SET last_position = \(last), ledger_hash = \(ledger), events = \(count)")
    }
}
