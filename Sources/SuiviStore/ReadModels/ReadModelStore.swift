public import SuiviDomain
public import SuiviPostgres

/// Writes the read models of one schema (live or shadow) and the projector's offsets beside them.
///
/// A batch is applied by folding its events into the touched rows in memory and writing each row
/// once, with the offsets, in the caller's transaction. Events at or below a row's version are
/// skipped, so an event delivered twice (a relay that republished) is applied once.
public struct ReadModelStore {
    public let connection: PostgresConnection
    public let schema: String

    public init(connection: PostgresConnection, schema: String = ReadModelSchema.live) {
        self.connection = connection
        self.schema = schema
    }

    /// Takes the swap lock in shared mode for the current transaction: a rebuild cannot swap schemas
    /// until this batch commits.
    public func lockAgainstSwap() throws {
        try run("SELECT pg_advisory_xact_lock_shared(\(ReadModelSchema.swapLockKey))")
    }

    /// The projector's next offset per partition.
    public func offsets(group: String, topic: String) throws -> [Int32: Int64] {
        let result = try run("""
            SELECT partition, next_offset FROM \(unescaped: schema).projector_offsets WHERE group_id = \(group) AND topic = \(topic)
            """)
        var offsets: [Int32: Int64] = [:]
        for row in result.rows { offsets[Int32(try row.int("partition"))] = try row.int("next_offset") }
        return offsets
    }

    /// Stores the projector's next offset per partition.
    public func saveOffsets(group: String, topic: String, next: [Int32: Int64]) throws {
        guard !next.isEmpty else { return }
        let partitions = next.keys.sorted()
        try run("""
            INSERT INTO \(unescaped: schema).projector_offsets (group_id, topic, partition, next_offset)
            SELECT \(group), \(topic), p, o FROM unnest(
                \(.intArray(partitions.map { Int64($0) }))::int[], \(.intArray(partitions.map { next[$0]! }))::bigint[]) AS t(p, o)
            ON CONFLICT (group_id, topic, partition) DO UPDATE SET next_offset = EXCLUDED.next_offset, updated_at = now()
            """)
    }

    /// What a batch did to the read models.
    public struct Applied: Sendable, Hashable {
        /// Events that changed the read models.
        public var applied: Int
        /// Events the read models already reflected (delivered again), left alone.
        public var skipped: Int
        /// Of the applied events, those read from the store to fill a gap before an event of this batch.
        public var filled: Int

        public init(applied: Int, skipped: Int, filled: Int = 0) {
            self.applied = applied
            self.skipped = skipped
            self.filled = filled
        }
    }

    /// Adds a batch's counts to the group's statistics (inside the batch's transaction).
    public func recordStats(group: String, _ counts: Applied) throws {
        try run("""
            INSERT INTO \(unescaped: schema).projection_stats (group_id, applied, skipped)
            VALUES (\(group), \(counts.applied), \(counts.skipped))
            ON CONFLICT (group_id) DO UPDATE SET applied = projection_stats.applied + EXCLUDED.applied,
                skipped = projection_stats.skipped + EXCLUDED.skipped, updated_at = now()
            """)
    }

    /// The group's statistics: events applied and skipped since the read models were created.
    public func stats(group: String) throws -> Applied {
        let result = try run("SELECT applied, skipped FROM \(unescaped: schema).projection_stats WHERE group_id = \(group)")
        guard result.count > 0 else { return Applied(applied: 0, skipped: 0) }
        return Applied(applied: Int(try result[0].int("applied")), skipped: Int(try result[0].int("skipped")))
    }

    /// Applies events to every read model: events at or below their stream's applied version are
    /// skipped (delivered again), the others go to each projection, and the versions move on.
    ///
    /// With `gapsFrom`, an event that comes after a version this schema never applied (its stream
    /// jumps from 4 to 6) has the missing events read from the store and applied before it. That
    /// happens when a publication failed after its commit and a later batch of the same partition
    /// reached the topic first: the relay's copy of the missing event then arrives after its
    /// successors and would be skipped as already applied. Events an operator skipped stay out.
    @discardableResult
    public func apply(
        _ events: [RecordedEvent], projections: [any Projection] = Projections.all, gapsFrom store: EventStore? = nil
    ) throws -> Applied {
        guard !events.isEmpty else { return Applied(applied: 0, skipped: 0) }
        var fill = GapFill(applied: try streamVersions(Array(Set(events.map(\.streamID)))))
        var missing: [String: [RecordedEvent]] = [:]
        if let store {
            for event in try store.events(in: fill.gaps(in: events)) { missing[event.streamID, default: []].append(event) }
        }
        let plan = fill.plan(events, filling: missing)
        for projection in projections { try projection.apply(plan.fresh, connection: connection, schema: schema) }
        try saveStreamVersions(plan.lastApplied.keys.sorted().map { plan.lastApplied[$0]! })
        // Filled events count as applied (their copies from the topic will be skipped when they arrive).
        return Applied(applied: plan.fresh.count, skipped: plan.skipped, filled: plan.filled)
    }

    /// The last applied version of each stream (absent: none yet).
    public func streamVersions(_ ids: [String]) throws -> [String: Int] {
        guard !ids.isEmpty else { return [:] }
        let result = try run("SELECT stream_id, version FROM \(unescaped: schema).stream_versions WHERE stream_id = ANY(\(.textArray(ids)))")
        var versions: [String: Int] = [:]
        for row in result.rows { versions[try row.string("stream_id")] = Int(try row.int("version")) }
        return versions
    }

    private func saveStreamVersions(_ lastEvents: [RecordedEvent]) throws {
        guard !lastEvents.isEmpty else { return }
        try run("""
            INSERT INTO \(unescaped: schema).stream_versions (stream_id, stream_type, version, last_position)
            SELECT * FROM unnest(\(.textArray(lastEvents.map(\.streamID)))::text[], \(.textArray(lastEvents.map(\.aggregate.rawValue)))::text[],
                \(.intArray(lastEvents.map { Int64($0.version) }))::int[], \(.intArray(lastEvents.map(\.position)))::bigint[])
            ON CONFLICT (stream_id) DO UPDATE SET version = EXCLUDED.version, last_position = EXCLUDED.last_position
            """)
    }

    /// The streams this schema holds fewer events of than the store, as the gaps to fill (one scan of
    /// the store): what a reader in position order missed when a transaction with lower positions
    /// committed after higher ones had been read.
    public func streamsBehindStore() throws -> [EventStore.VersionGap] {
        let result = try run("""
            SELECT e.stream_id, coalesce(max(v.version), 0) AS applied, max(e.version) AS latest
            FROM suivi.events e LEFT JOIN \(unescaped: schema).stream_versions v ON v.stream_id = e.stream_id
            GROUP BY e.stream_id HAVING max(e.version) > coalesce(max(v.version), 0)
            """)
        return try result.rows.map { row in
            EventStore.VersionGap(
                streamID: try row.string("stream_id"), after: Int(try row.int("applied")), before: Int(try row.int("latest")) + 1)
        }
    }

    /// The rows of the given cases.
    public func cases(_ ids: [String]) throws -> [String: CaseRow] {
        guard !ids.isEmpty else { return [:] }
        let result = try run("SELECT \(unescaped: CaseQueries.columns) FROM \(unescaped: schema).cases WHERE case_id = ANY(\(.textArray(ids)))")
        var rows: [String: CaseRow] = [:]
        for row in result.rows {
            let decoded = try CaseQueries.decode(row)
            rows[decoded.caseID] = decoded
        }
        return rows
    }

    func upsert(_ rows: [CaseRow]) throws {
        guard !rows.isEmpty else { return }
        func times(_ values: [Timestamp?]) -> PostgresValue { .textArray(values.map { $0?.rfc3339 }) }
        try run("""
            INSERT INTO \(unescaped: schema).cases (case_id, state, provider, provider_office, purpose, capacities, tracking_tool,
                request_reference, description, status, requested_at, requested_by, last_event_at, version, last_position,
                current_consent_id, declined_at, declined_by, declined_reason, closed_at, closure, closure_note)
            SELECT c.case_id, c.state, c.provider, c.provider_office, c.purpose, c.capacities::text[], c.tracking_tool,
                c.request_reference, c.description, c.status, c.requested_at, c.requested_by, c.last_event_at, c.version, c.last_position,
                c.current_consent_id, c.declined_at, c.declined_by, c.declined_reason, c.closed_at, c.closure, c.closure_note
            FROM unnest(
                \(.textArray(rows.map(\.caseID)))::text[], \(.textArray(rows.map(\.state)))::text[],
                \(.textArray(rows.map(\.provider)))::text[], \(.textArray(rows.map(\.providerOffice)))::text[],
                \(.textArray(rows.map(\.purpose)))::text[],
                \(.textArray(rows.map { Self.arrayLiteral($0.capacities) }))::text[],
                \(.textArray(rows.map(\.trackingTool)))::text[], \(.textArray(rows.map(\.requestReference)))::text[],
                \(.textArray(rows.map(\.description)))::text[], \(.textArray(rows.map(\.status)))::text[],
                \(.textArray(rows.map(\.requestedAt.rfc3339)))::timestamptz[], \(.textArray(rows.map(\.requestedBy)))::text[],
                \(.textArray(rows.map(\.lastEventAt.rfc3339)))::timestamptz[], \(.intArray(rows.map { Int64($0.version) }))::int[],
                \(.intArray(rows.map(\.lastPosition)))::bigint[],
                \(.textArray(rows.map(\.currentConsentID)))::text[], \(times(rows.map(\.declinedAt)))::timestamptz[],
                \(.textArray(rows.map(\.declinedBy)))::text[], \(.textArray(rows.map(\.declinedReason)))::text[],
                \(times(rows.map(\.closedAt)))::timestamptz[], \(.textArray(rows.map(\.closure)))::text[],
                \(.textArray(rows.map(\.closureNote)))::text[])
                AS c(case_id, state, provider, provider_office, purpose, capacities, tracking_tool, request_reference, description,
                     status, requested_at, requested_by, last_event_at, version, last_position,
                     current_consent_id, declined_at, declined_by, declined_reason, closed_at, closure, closure_note)
            ON CONFLICT (case_id) DO UPDATE SET
                state = EXCLUDED.state, provider = EXCLUDED.provider, provider_office = EXCLUDED.provider_office,
                purpose = EXCLUDED.purpose, capacities = EXCLUDED.capacities, tracking_tool = EXCLUDED.tracking_tool,
                request_reference = EXCLUDED.request_reference, description = EXCLUDED.description, status = EXCLUDED.status,
                requested_at = EXCLUDED.requested_at, requested_by = EXCLUDED.requested_by, last_event_at = EXCLUDED.last_event_at,
                version = EXCLUDED.version, last_position = EXCLUDED.last_position,
                current_consent_id = EXCLUDED.current_consent_id, declined_at = EXCLUDED.declined_at,
                declined_by = EXCLUDED.declined_by, declined_reason = EXCLUDED.declined_reason, closed_at = EXCLUDED.closed_at,
                closure = EXCLUDED.closure, closure_note = EXCLUDED.closure_note, updated_at = now()
            """)
        // The current consent's validity, from the consents read model (written earlier in this batch).
        try run("""
            UPDATE \(unescaped: schema).cases c
            SET current_consent_valid_from = k.valid_from_at, current_consent_valid_until = k.valid_until_at
            FROM (SELECT c2.case_id, k2.valid_from_at, k2.valid_until_at FROM \(unescaped: schema).cases c2
                  LEFT JOIN \(unescaped: schema).consents k2 ON k2.case_id = c2.case_id AND k2.consent_id = c2.current_consent_id
                  WHERE c2.case_id = ANY(\(.textArray(rows.map(\.caseID))))) k
            WHERE c.case_id = k.case_id
            """)
    }

    /// A PostgreSQL array literal of plain words (capacity codes have no quotes or commas).
    static func arrayLiteral(_ words: [String]) -> String { "{" + words.joined(separator: ",") + "}" }

    @discardableResult
    private func run(_ query: PostgresQuery) throws -> PostgresResult {
        do { return try connection.query(query) } catch { throw StoreError.wrap(error) }
    }
}
