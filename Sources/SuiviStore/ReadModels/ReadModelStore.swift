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

    /// Takes the swap lock in shared mode for this session, until ``releaseSwapLock()``: a rebuild cannot
    /// swap schemas meanwhile, across several transactions (a projector's lanes, then its offsets).
    /// Transactions on other connections must not take it meanwhile (``lockAgainstSwap()``): a swap
    /// waiting for this session would hold them up, and this session may be waiting for them.
    public func holdSwapLock() throws {
        try run("SELECT pg_advisory_lock_shared(\(ReadModelSchema.swapLockKey))")
    }

    /// Gives back the lock ``holdSwapLock()`` took.
    public func releaseSwapLock() throws {
        try run("SELECT pg_advisory_unlock_shared(\(ReadModelSchema.swapLockKey))")
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
        var rows = CopyRows(columns: 4, reservingBytes: lastEvents.count * 48)
        for event in lastEvents {
            rows.add(event.streamID)
            rows.add(event.aggregate.rawValue)
            rows.add(event.version)
            rows.add(event.position)
            rows.endRow()
        }
        try RowWriter(connection: connection, schema: schema).merge(
            "stream_versions", columns: ["stream_id", "stream_type", "version", "last_position"], rows: rows
        ) { staged in
            """
            INSERT INTO \(schema).stream_versions (stream_id, stream_type, version, last_position)
            SELECT stream_id, stream_type, version, last_position FROM \(staged)
            ON CONFLICT (stream_id) DO UPDATE SET version = EXCLUDED.version, last_position = EXCLUDED.last_position
            """
        }
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

    /// The columns of `cases` a fold writes, in the order ``upsert(_:)`` writes them.
    static let caseColumns = [
        "case_id", "state", "provider", "provider_office", "purpose", "capacities", "tracking_tool", "request_reference",
        "description", "status", "requested_at", "requested_by", "last_event_at", "version", "last_position",
        "current_consent_id", "declined_at", "declined_by", "declined_reason", "closed_at", "closure", "closure_note",
    ]

    /// Writes case rows, each with the validity of its current consent from the `consents` read model
    /// (written earlier in this batch), in one statement.
    func upsert(_ rows: [CaseRow]) throws {
        guard !rows.isEmpty else { return }
        var copy = CopyRows(columns: Self.caseColumns.count, reservingBytes: rows.count * 400)
        for row in rows {
            copy.add(row.caseID)
            copy.add(row.state)
            copy.add(row.provider)
            copy.add(row.providerOffice)
            copy.add(row.purpose)
            copy.add(array: row.capacities)
            copy.add(row.trackingTool)
            copy.add(row.requestReference)
            copy.add(row.description)
            copy.add(row.status)
            copy.add(row.requestedAt.rfc3339)
            copy.add(row.requestedBy)
            copy.add(row.lastEventAt.rfc3339)
            copy.add(row.version)
            copy.add(row.lastPosition)
            copy.add(row.currentConsentID)
            copy.add(row.declinedAt?.rfc3339)
            copy.add(row.declinedBy)
            copy.add(row.declinedReason)
            copy.add(row.closedAt?.rfc3339)
            copy.add(row.closure)
            copy.add(row.closureNote)
            copy.endRow()
        }
        let columns = Self.caseColumns
        let written = columns + ["current_consent_valid_from", "current_consent_valid_until"]
        let updates = written.dropFirst().map { "\($0) = EXCLUDED.\($0)" } + ["updated_at = now()"]
        try RowWriter(connection: connection, schema: schema).merge("cases", columns: columns, rows: copy) { staged in
            """
            INSERT INTO \(schema).cases (\(written.joined(separator: ", ")))
            SELECT \(columns.map { "c.\($0)" }.joined(separator: ", ")), k.valid_from_at, k.valid_until_at
            FROM \(staged) c LEFT JOIN \(schema).consents k ON k.case_id = c.case_id AND k.consent_id = c.current_consent_id
            ON CONFLICT (case_id) DO UPDATE SET \(updates.joined(separator: ", "))
            """
        }
    }

    @discardableResult
    private func run(_ query: PostgresQuery) throws -> PostgresResult {
        do { return try connection.query(query) } catch { throw StoreError.wrap(error) }
    }
}
