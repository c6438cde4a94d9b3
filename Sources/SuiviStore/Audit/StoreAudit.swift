public import SuiviPostgres

/// Walks the event store for an audit: every event of one stream or of the whole store, in position
/// order, in bounded chunks, inside one read-only REPEATABLE READ transaction (one consistent
/// snapshot, SELECT statements only, so the `suivi_auditor` role is enough).
public struct StoreAudit {
    public let connection: PostgresConnection
    /// Events read per round trip.
    public var chunkSize: Int

    public init(connection: PostgresConnection, chunkSize: Int = 5_000) {
        self.connection = connection
        self.chunkSize = chunkSize
    }

    /// What the snapshot holds besides the events: where the relay's cursors stand.
    public struct Snapshot: Sendable {
        /// The last position the relay published, per commands-topic partition.
        public var relayCursors: [Int32: Int64]
    }

    /// Checks the hash chains, version sequences and event-id uniqueness and, over the whole store, the
    /// ledger chain, the ledger head and the signed checkpoints, stopping at the first failure.
    ///
    /// - Parameters:
    ///   - streamID: One stream, or `nil` for every stream (only then are the ledger and checkpoints checked).
    ///   - outsideCheckpoints: Checkpoints kept outside the database (an export, the topic): each must be in
    ///     `suivi.checkpoints` unchanged, and the store must match them; `nil` checks against the table only.
    ///   - expectedSigner: The raw public key that must have signed every checkpoint; `nil` takes the first
    ///     checkpoint's signer (and the report names it).
    ///   - progress: Called with the number of events checked after each chunk.
    ///   - inspect: Further checks on each event that held (the topic comparison); the first failure
    ///     it returns ends the walk.
    /// - Returns: The report; ``AuditReport/firstFailure`` is set on a mismatch.
    /// - Throws: ``StoreError`` or `PostgresError` when the store cannot be read.
    public func verify(
        streamID: String?,
        outsideCheckpoints: [SignedCheckpoint]? = nil,
        expectedSigner: [UInt8]? = nil,
        progress: (Int) -> Void = { _ in },
        inspect: (AuditedEvent, Snapshot) -> AuditFailure? = { _, _ in nil }
    ) throws -> AuditReport {
        do {
            try connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            defer { _ = try? connection.execute("ROLLBACK") }
            let snapshot = Snapshot(relayCursors: try relayCursors())
            let wholeStore = streamID == nil
            var ledger = wholeStore ? LedgerVerifier() : nil
            var checkpoints: CheckpointVerifier?
            var failure: AuditFailure?
            let store = CheckpointStore(connection: connection)
            let head = wholeStore ? try store.ledgerHead() : nil
            if wholeStore {
                let table = try store.checkpoints()
                let (chain, missing) = CheckpointVerifier.merge(table: table, outside: outsideCheckpoints ?? [])
                let verifier = CheckpointVerifier(checkpoints: chain, expectedSigner: expectedSigner)
                checkpoints = verifier
                failure = missing ?? verifier.chainFailure
            }
            let duplicate = try firstDuplicatePosition(streamID: streamID)
            var verifier = ChainVerifier()
            var last: Int64 = 0
            walk: while failure == nil {
                let result = try connection.query(chunkQuery(streamID: streamID, after: last))
                if result.count == 0 { break }
                for row in result.rows {
                    let event = try AuditedEvent(row: row)
                    last = event.position
                    if let duplicate, duplicate.position == event.position {
                        _ = verifier.check(event)
                        failure = AuditFailure(.duplicateEventID, at: event,
                            "its event id is already the id of the event at position \(duplicate.earlier)")
                        break walk
                    }
                    if let found = verifier.check(event) ?? ledger?.check(event) ?? checkpoints?.check(event)
                        ?? inspect(event, snapshot)
                    {
                        failure = found
                        break walk
                    }
                }
                progress(verifier.eventsChecked)
                if result.count < chunkSize { break }
            }
            if failure == nil, wholeStore {
                failure = checkpoints?.finish()
                if failure == nil, let ledger {
                    failure = head.map { ledger.checkHead(position: $0.position, hash: $0.hash) }
                        ?? AuditFailure(.ledgerHead, message: "suivi.ledger_head does not hold exactly one row")
                }
            }
            var report = AuditReport(streamID: streamID, eventsChecked: verifier.eventsChecked, streamsChecked: verifier.streamsChecked,
                lastPosition: last, firstFailure: failure)
            if let checkpoints {
                report.checkpoints = AuditReport.CheckpointSummary(
                    count: checkpoints.count, coveredUpTo: checkpoints.coveredUpTo, eventsCovered: checkpoints.eventsCovered,
                    signer: checkpoints.checkpoints.first.map { AuditSigningKey.fingerprint(publicKey: $0.statement.signer) },
                    outside: outsideCheckpoints?.count)
            }
            return report
        } catch {
            throw StoreError.wrap(error)
        }
    }

    /// Checks each of `streamIDs` on its own, as ``verify(streamID:progress:inspect:)`` does for one, in one
    /// snapshot and a few round trips (the console's Integrity page checks a page of cases at once).
    ///
    /// - Returns: One report per stream that has events, by stream id.
    /// - Throws: ``StoreError`` or `PostgresError` when the store cannot be read.
    public func verify(streamIDs: [String]) throws -> [String: AuditReport] {
        guard !streamIDs.isEmpty else { return [:] }
        do {
            try connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            defer { _ = try? connection.execute("ROLLBACK") }
            let duplicates = try connection.query("""
                SELECT e.stream_id, e.position, min(f.position) AS earlier FROM suivi.events e JOIN suivi.events f
                    ON f.event_id = e.event_id AND f.position < e.position
                WHERE e.stream_id = ANY(\(.textArray(streamIDs)))
                GROUP BY e.stream_id, e.position
                """)
            var firstDuplicate: [String: (position: Int64, earlier: Int64)] = [:]
            for row in duplicates.rows {
                let stream = try row.string("stream_id"), position = try row.int("position")
                if firstDuplicate[stream].map({ position < $0.position }) ?? true {
                    firstDuplicate[stream] = (position, try row.int("earlier"))
                }
            }
            var verifiers: [String: ChainVerifier] = [:]
            var failures: [String: AuditFailure] = [:]
            var lastPositions: [String: Int64] = [:]
            let events = try connection.query("""
                SELECT \(unescaped: AuditedEvent.columns) FROM suivi.events
                WHERE stream_id = ANY(\(.textArray(streamIDs))) ORDER BY stream_id, position
                """)
            for row in events.rows {
                let event = try AuditedEvent(row: row)
                let stream = event.streamID
                lastPositions[stream] = event.position
                guard failures[stream] == nil else { continue }
                var verifier = verifiers[stream] ?? ChainVerifier()
                if let duplicate = firstDuplicate[stream], duplicate.position == event.position {
                    _ = verifier.check(event)
                    failures[stream] = AuditFailure(.duplicateEventID, at: event,
                        "its event id is already the id of the event at position \(duplicate.earlier)")
                } else if let found = verifier.check(event) {
                    failures[stream] = found
                }
                verifiers[stream] = verifier
            }
            var reports: [String: AuditReport] = [:]
            for (stream, verifier) in verifiers {
                reports[stream] = AuditReport(
                    streamID: stream, eventsChecked: verifier.eventsChecked, streamsChecked: verifier.streamsChecked,
                    lastPosition: lastPositions[stream] ?? 0, firstFailure: failures[stream])
            }
            return reports
        } catch {
            throw StoreError.wrap(error)
        }
    }

    private func chunkQuery(streamID: String?, after position: Int64) -> PostgresQuery {
        if let streamID {
            return """
                SELECT \(unescaped: AuditedEvent.columns) FROM suivi.events
                WHERE stream_id = \(streamID) AND position > \(position) ORDER BY position LIMIT \(chunkSize)
                """
        }
        return """
            SELECT \(unescaped: AuditedEvent.columns) FROM suivi.events
            WHERE position > \(position) ORDER BY position LIMIT \(chunkSize)
            """
    }

    /// The lowest position whose event id an earlier event already has. The unique constraint
    /// normally makes this impossible; the audit does not rely on constraints a superuser can drop.
    private func firstDuplicatePosition(streamID: String?) throws -> (position: Int64, earlier: Int64)? {
        let result: PostgresResult
        if let streamID {
            result = try connection.query("""
                SELECT e.position, min(f.position) AS earlier FROM suivi.events e JOIN suivi.events f
                    ON f.event_id = e.event_id AND f.position < e.position
                WHERE e.stream_id = \(streamID)
                GROUP BY e.position ORDER BY e.position LIMIT 1
                """)
        } else {
            result = try connection.query("""
                SELECT position, earlier FROM (
                    SELECT position, first_value(position) OVER (PARTITION BY event_id ORDER BY position) AS earlier
                    FROM suivi.events) t
                WHERE position <> earlier ORDER BY position LIMIT 1
                """)
        }
        guard result.count > 0 else { return nil }
        return (try result[0].int("position"), try result[0].int("earlier"))
    }

    private func relayCursors() throws -> [Int32: Int64] {
        let result = try connection.query("SELECT partition, position FROM suivi.relay_cursors WHERE feed = 'events'")
        var cursors: [Int32: Int64] = [:]
        for row in result.rows { cursors[Int32(truncatingIfNeeded: try row.int("partition"))] = try row.int("position") }
        return cursors
    }

    /// One stored event by its id, read raw as the audit reads it; `nil` when no event has that id.
    ///
    /// The id is compared as a `uuid`, through the unique index, once it has the canonical form that
    /// `event_id::text` prints; anything else matches no event (comparing `event_id::text` instead read
    /// the whole table).
    public func event(id eventID: String) throws -> AuditedEvent? {
        let id = eventID.lowercased()
        do {
            let rows = try connection.query("""
                SELECT \(unescaped: AuditedEvent.columns) FROM suivi.events
                WHERE event_id = CASE WHEN \(id)::text ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN \(id)::text::uuid END
                LIMIT 1
                """)
            return try rows.rows.first.map(AuditedEvent.init(row:))
        } catch {
            throw StoreError.wrap(error)
        }
    }

    /// Whether a stream has any event.
    public func exists(streamID: String) throws -> Bool {
        do {
            return try connection.query("SELECT 1 FROM suivi.events WHERE stream_id = \(streamID) LIMIT 1").count > 0
        } catch {
            throw StoreError.wrap(error)
        }
    }
}
