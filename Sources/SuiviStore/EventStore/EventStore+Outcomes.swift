public import SuiviDomain
import SuiviPostgres

/// The outcome of every command (`suivi.outcomes`): recorded with the batch, read for idempotency and
/// for the relay, and the fate of a message id.
extension EventStore {
    /// The stored outcomes of the given command ids.
    public func outcomes(for commandIDs: [String]) throws -> [String: StoredOutcome] {
        guard !commandIDs.isEmpty else { return [:] }
        // One index probe per id, for the same reason as in `heads(for:)`. `LIMIT 1` (a decided outcome is
        // unique per id) keeps the subquery from being pulled up into a join: without it PostgreSQL planned a
        // hash join over a sequential scan of the whole table, on every batch (25 ms a batch at 50,000
        // outcomes, growing with the store).
        let result = try run("""
            SELECT o.* FROM unnest(\(.array(.text(Array(Set(commandIDs)))))::text[]) AS k(id)
            CROSS JOIN LATERAL (
                SELECT \(unescaped: Self.outcomeColumns) FROM suivi.outcomes WHERE command_id = k.id AND status <> 'invalid'
                LIMIT 1) o
            """)
        var outcomes: [String: StoredOutcome] = [:]
        for row in result.rows {
            let stored = try Self.decodeOutcome(row)
            outcomes[stored.outcome.commandID] = stored
        }
        return outcomes
    }

    /// The outcome of one command, if it was processed.
    public func outcome(of commandID: String) throws -> StoredOutcome? {
        try outcomes(for: [commandID])[commandID]
    }

    /// What became of a message id: its decided outcome, or else the latest `invalid` one (the message
    /// was dead-lettered), or nil when Suivi has not seen it.
    public func fate(of commandID: String) throws -> StoredOutcome? {
        if let decided = try outcome(of: commandID) { return decided }
        let result = try run("""
            SELECT \(unescaped: Self.outcomeColumns) FROM suivi.outcomes
            WHERE command_id = \(commandID) AND status = 'invalid' ORDER BY position DESC LIMIT 1
            """)
        return try result.rows.first.map(Self.decodeOutcome)
    }

    /// Records new outcomes; returns each command id's position in the outcome feed.
    @discardableResult
    public func record(_ answers: [CommandProcessor.Answer]) throws -> [String: Int64] {
        let fresh = answers.filter(\.isNew)
        guard !fresh.isEmpty else { return [:] }
        let outcomes = fresh.map(\.outcome)
        let result = try run("""
            INSERT INTO suivi.outcomes (command_id, fingerprint, command_type, subject, status, event_ids, reasons,
                occurred_at, recorded_at, source_partition, source_offset, source, traceparent, violations)
            SELECT o.command_id, o.fingerprint, o.command_type, o.subject, o.status, o.event_ids::uuid[], o.reasons,
                o.occurred_at, o.recorded_at, o.source_partition, o.source_offset, o.source, o.traceparent, o.violations
            FROM unnest(
                \(.array(.text(outcomes.map(\.commandID))))::text[],
                \(.array(.bytea(fresh.map(\.fingerprint))))::bytea[],
                \(.array(.text(outcomes.map(\.commandType))))::text[],
                \(.array(.text(outcomes.map(\.subject))))::text[],
                \(.array(.text(outcomes.map(\.status.rawValue))))::text[],
                \(.array(.text(outcomes.map { "{" + $0.eventIDs.joined(separator: ",") + "}" })))::text[],
                \(.array(.json(bytes: outcomes.map { $0.reasonsJSON.canonicalBytes })))::json[],
                \(.array(.timestamptz(microsecondsSinceUnixEpoch: fresh.map(\.occurredAt.microseconds))))::timestamptz[],
                \(.array(.timestamptz(microsecondsSinceUnixEpoch: outcomes.map(\.recordedAt.microseconds))))::timestamptz[],
                \(.array(.int4(fresh.map(\.partition))))::int[],
                \(.array(.int8(fresh.map(\.offset))))::bigint[],
                \(.array(.text(outcomes.map(\.source))))::text[],
                \(.array(.text(outcomes.map(\.traceparent))))::text[],
                \(.array(.json(bytes: outcomes.map { $0.status == .invalid ? $0.violationsJSON.canonicalBytes : nil })))::json[])
                AS o(command_id, fingerprint, command_type, subject, status, event_ids, reasons, occurred_at, recorded_at,
                    source_partition, source_offset, source, traceparent, violations)
            RETURNING command_id, position
            """)
        var positions: [String: Int64] = [:]
        for row in result.rows { positions[try row.string("command_id")] = try row.int("position") }
        return positions
    }

    /// Outcomes after a position in the outcome feed, in order, at most `limit`.
    public func outcomes(after position: Int64, limit: Int) throws -> [(outcome: CommandOutcome, position: Int64)] {
        let result = try run("""
            SELECT \(unescaped: Self.outcomeColumns) FROM suivi.outcomes WHERE position > \(position) ORDER BY position LIMIT \(limit)
            """)
        return try result.rows.map { (try Self.decodeOutcome($0).outcome, try $0.int("position")) }
    }

    /// Outcomes recorded from a partition after a position, in order.
    public func outcomes(partition: Int32, after position: Int64, limit: Int = 10_000) throws -> [(outcome: CommandOutcome, position: Int64)] {
        let result = try run("""
            SELECT \(unescaped: Self.outcomeColumns) FROM suivi.outcomes
            WHERE source_partition = \(Int64(partition)) AND position > \(position) ORDER BY position LIMIT \(limit)
            """)
        return try result.rows.map { (try Self.decodeOutcome($0).outcome, try $0.int("position")) }
    }
}
