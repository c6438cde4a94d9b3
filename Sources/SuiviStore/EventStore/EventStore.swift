public import SuiviDomain
public import SuiviPostgres

/// The system of record in PostgreSQL: streams of events with their hash chains (this file), and in its
/// extensions, one per table: command outcomes (`EventStore+Outcomes`), the decider's consumer offsets
/// (`EventStore+Offsets`) and the relay's cursors (`EventStore+Relay`). Dead letters are
/// ``DeadLetterStore``'s.
///
/// Every method is one statement (batches go through `unnest` arrays, one round trip each) and runs
/// on the caller's connection, so the caller decides what shares a transaction.
public struct EventStore {
    public let connection: PostgresConnection

    public init(connection: PostgresConnection) {
        self.connection = connection
    }

    // MARK: - Streams

    /// The head of each stream, folded from its events; streams with no events are absent.
    public func heads(for streamIDs: [String]) throws -> [String: StreamHead] {
        guard !streamIDs.isEmpty else { return [:] }
        // One index probe per stream (LATERAL), whatever the planner's statistics say: with none yet (a
        // table just filled in bulk) `stream_id = ANY($1)` was planned as a sequential scan of the whole
        // store, 50 ms per batch at 200,000 events and growing with the store. `OFFSET 0` keeps the subquery
        // from being pulled up into a join (the planner is free to hash-join a plain one).
        let result = try run("""
            SELECT e.* FROM unnest(\(.array(.text(Array(Set(streamIDs)).sorted())))::text[]) AS s(id)
            CROSS JOIN LATERAL (
                SELECT \(unescaped: Self.eventColumns) FROM suivi.events WHERE stream_id = s.id ORDER BY version OFFSET 0) e
            """)
        var heads: [String: StreamHead] = [:]
        for row in result.rows {
            let (event, hash) = try Self.decodeEvent(row)
            // In place: a copy taken out of the dictionary would copy the case's sets for every event.
            heads[event.streamID, default: .empty].state.apply(event.event)
            heads[event.streamID]!.lastHash = hash
        }
        return heads
    }

    /// Every event of one stream, in order, with its hash.
    public func stream(_ streamID: String) throws -> [(event: RecordedEvent, hash: [UInt8], previousHash: [UInt8]?)] {
        let result = try run("""
            SELECT \(unescaped: Self.eventColumns) FROM suivi.events WHERE stream_id = \(streamID) ORDER BY version
            """)
        return try result.rows.map { row in
            let (event, hash) = try Self.decodeEvent(row)
            return (event, hash, try row.bytes("prev_hash"))
        }
    }

    /// Appends new events, linked into the ledger chain; returns each event id's position in the store.
    ///
    /// The ledger head's row is locked first (`FOR UPDATE`, held until the caller's transaction ends), so that
    /// the positions are taken, the ledger linked and the transaction committed in one order whatever the
    /// number of deciders: an event becomes visible only after every event before it in position order.
    /// A batch without events takes no lock.
    /// - Throws: ``StoreError`` `concurrency` when another writer appended to one of the streams first.
    @discardableResult
    public func append(_ events: [CommandProcessor.NewEvent]) throws -> [String: Int64] {
        guard !events.isEmpty else { return [:] }
        let recorded = events.map(\.recorded)
        do {
            let head = try connection.query("SELECT last_position, ledger_hash FROM suivi.ledger_head FOR UPDATE")
            guard head.count == 1, let headHash = try head[0].bytes("ledger_hash") else {
                throw StoreError(code: .corruptEvent,
                    message: "suivi.ledger_head does not hold exactly one row; the ledger cannot be extended (run `suivi audit verify`)")
            }
            let headPosition = try head[0].int("last_position")
            var link = headHash
            let ledger = events.map { event in
                link = LedgerHash.next(eventHash: event.hash, previous: link)
                return link
            }
            let result = try connection.query("""
                WITH inserted AS (
                    INSERT INTO suivi.events (stream_id, stream_type, version, event_id, event_type, data, command_id,
                        actor, actor_role, on_behalf_of, occurred_at, recorded_at, consent_id, source_partition, prev_hash, hash,
                        ledger_hash)
                    SELECT s, t, v, e, et, d, c, a, r, o, oc, rc, cn, p, ph, h, l FROM unnest(
                        \(.array(.text(recorded.map(\.streamID))))::text[],
                        \(.array(.text(recorded.map(\.aggregate.rawValue))))::text[],
                        \(.array(.int4(recorded.map { Int32($0.version) })))::int[],
                        \(.array(.text(recorded.map(\.metadata.eventID))))::text[]::uuid[],
                        \(.array(.text(recorded.map(\.event.typeName))))::text[],
                        \(.array(.json(bytes: events.map(\.data))))::json[],
                        \(.array(.text(recorded.map(\.metadata.commandID))))::text[],
                        \(.array(.text(recorded.map(\.metadata.actor))))::text[],
                        \(.array(.text(recorded.map(\.metadata.actorRole.rawValue))))::text[],
                        \(.array(.text(recorded.map(\.metadata.onBehalfOf))))::text[],
                        \(.array(.timestamptz(microsecondsSinceUnixEpoch: recorded.map(\.metadata.occurredAt.microseconds))))::timestamptz[],
                        \(.array(.timestamptz(microsecondsSinceUnixEpoch: recorded.map(\.metadata.recordedAt.microseconds))))::timestamptz[],
                        \(.array(.text(recorded.map(\.metadata.consentID))))::text[],
                        \(.array(.int4(events.map(\.partition))))::int[],
                        \(.array(.bytea(events.map(\.previousHash))))::bytea[],
                        \(.array(.bytea(events.map(\.hash))))::bytea[],
                        \(.array(.bytea(ledger)))::bytea[])
                        WITH ORDINALITY AS u(s, t, v, e, et, d, c, a, r, o, oc, rc, cn, p, ph, h, l, n)
                    ORDER BY n
                    RETURNING event_id::text, position),
                moved AS (
                    UPDATE suivi.ledger_head SET last_position = (SELECT max(position) FROM inserted),
                        ledger_hash = \(link), events = events + \(Int64(events.count)))
                SELECT event_id, position FROM inserted
                """)
            var positions: [String: Int64] = [:]
            for row in result.rows { positions[try row.string("event_id")] = try row.int("position") }
            // The ledger was linked in the order of `events`: their positions must follow that order, after the head.
            var previous = headPosition
            for event in recorded {
                guard let position = positions[event.metadata.eventID], position > previous else {
                    throw StoreError(code: .concurrency,
                        message: "the store gave event \(event.metadata.eventID) a position out of the ledger's order (after \(previous)); decide the batch again")
                }
                previous = position
            }
            return positions
        } catch let error as PostgresError where error.sqlState == PostgresError.SQLState.uniqueViolation {
            throw StoreError(code: .concurrency,
                message: "another writer appended to one of these streams first (\(error.message)); reload and decide again",
                underlying: error)
        } catch {
            throw StoreError.wrap(error)
        }
    }

    /// Events after a position, in the store's order, at most `limit`: how rebuilds and the relay read
    /// history in bounded chunks.
    public func events(after position: Int64, limit: Int) throws -> [(event: RecordedEvent, hash: [UInt8])] {
        let result = try run("""
            SELECT \(unescaped: Self.eventColumns) FROM suivi.events WHERE position > \(position) ORDER BY position LIMIT \(limit)
            """)
        return try result.rows.map(Self.decodeEvent)
    }

    /// The last position in the store (0 when empty).
    public func lastPosition() throws -> Int64 {
        try run("SELECT coalesce(max(position), 0) AS p FROM suivi.events")[0].int("p")
    }

    /// The last position recorded at or before a time (0 when none): where `--from-time` starts.
    public func lastPosition(recordedAtOrBefore time: Timestamp) throws -> Int64 {
        try run("SELECT coalesce(max(position), 0) AS p FROM suivi.events WHERE recorded_at <= \(time.rfc3339)::timestamptz")[0].int("p")
    }

    /// A stretch of a stream's versions, both ends excluded: what a consumer is missing between the last
    /// version it applied and the one it was just given.
    public struct VersionGap: Sendable, Hashable {
        public var streamID: String
        public var after: Int
        public var before: Int

        public init(streamID: String, after: Int, before: Int) {
            self.streamID = streamID
            self.after = after
            self.before = before
        }
    }

    /// The events inside the gaps, in stream and version order, except those the projector's operator
    /// skipped (`suivi dlq skip`): the read models are meant to go on without them.
    public func events(in gaps: [VersionGap]) throws -> [RecordedEvent] {
        guard !gaps.isEmpty else { return [] }
        let result = try run("""
            SELECT \(unescaped: Self.eventColumns) FROM suivi.events e
            JOIN unnest(\(.textArray(gaps.map(\.streamID)))::text[], \(.intArray(gaps.map { Int64($0.after) }))::int[],
                \(.intArray(gaps.map { Int64($0.before) }))::int[]) AS g(gap_stream, after_version, before_version)
                ON e.stream_id = g.gap_stream AND e.version > g.after_version AND e.version < g.before_version
            WHERE NOT EXISTS (
                SELECT 1 FROM suivi.dead_letters d
                WHERE d.consumer = 'projector' AND d.status = 'skipped' AND d.event_id = e.event_id::text)
            ORDER BY e.stream_id, e.version
            """)
        return try result.rows.map { try Self.decodeEvent($0).0 }
    }

    /// Events recorded from a partition after a position, in order: what the relay still owes the topic.
    public func events(partition: Int32, after position: Int64, limit: Int = 10_000) throws -> [(event: RecordedEvent, hash: [UInt8])] {
        let result = try run("""
            SELECT \(unescaped: Self.eventColumns) FROM suivi.events
            WHERE source_partition = \(Int64(partition)) AND position > \(position) ORDER BY position LIMIT \(limit)
            """)
        return try result.rows.map(Self.decodeEvent)
    }

    // MARK: - Rows

    static let eventColumns = """
        position, stream_id, stream_type, version, event_id::text AS event_id, event_type, data::text AS data, command_id,
        actor, actor_role, on_behalf_of, (extract(epoch FROM occurred_at) * 1000000)::bigint AS occurred_us,
        (extract(epoch FROM recorded_at) * 1000000)::bigint AS recorded_us, consent_id, prev_hash, hash
        """

    static let outcomeColumns = """
        position, command_id, fingerprint, command_type, subject, status, event_ids::text[]::text AS event_ids, reasons::text AS reasons,
        (extract(epoch FROM recorded_at) * 1000000)::bigint AS recorded_us, source, traceparent, violations::text AS violations
        """

    static func decodeEvent(_ row: PostgresRow) throws -> (RecordedEvent, [UInt8]) {
        let position = try row.int("position")
        func corrupt(_ what: String) -> StoreError {
            StoreError(code: .corruptEvent, message: "event at position \(position) cannot be read: \(what)")
        }
        guard let kind = AggregateKind(rawValue: try row.string("stream_type")) else { throw corrupt("unknown stream type") }
        guard let role = ActorRole(rawValue: try row.string("actor_role")) else { throw corrupt("unknown actor role") }
        let data: JSON
        let text = try row.string("data")
        do { data = try JSONParser.parse(text) } catch { throw corrupt(error.description) }
        let event: DomainEvent
        switch DomainEvent.decode(typeName: try row.string("event_type"), data: data) {
        case .success(let decoded): event = decoded
        case .failure(let failure): throw corrupt(failure.description)
        }
        let recorded = RecordedEvent(
            streamID: try row.string("stream_id"), aggregate: kind, version: Int(try row.int("version")), position: position,
            event: event,
            metadata: EventMetadata(
                eventID: try row.string("event_id"), commandID: try row.string("command_id"), actor: try row.string("actor"),
                actorRole: role, onBehalfOf: row["on_behalf_of"],
                occurredAt: Timestamp(microseconds: try row.int("occurred_us")),
                recordedAt: Timestamp(microseconds: try row.int("recorded_us")), consentID: row["consent_id"]))
        return (recorded, try row.bytes("hash") ?? [])
    }

    static func decodeOutcome(_ row: PostgresRow) throws -> StoredOutcome {
        let reasonsJSON = try JSONParser.parse(try row.string("reasons"))
        let reasons = (reasonsJSON.arrayValue ?? []).map { item in
            Rejection(Rejection.Code(rawValue: item["code"]?.stringValue ?? "unknown"), item["message"]?.stringValue ?? "")
        }
        let idsText = try row.string("event_ids")
        let ids = idsText.dropFirst().dropLast().split(separator: ",").map(String.init)
        var violations: [Violation] = []
        if let text: String = row["violations"], let parsed = try? JSONParser.parse(text) {
            violations = (parsed.arrayValue ?? []).map { item in
                Violation(
                    path: item["path"]?.stringValue ?? "$", code: Violation.Code(rawValue: item["code"]?.stringValue ?? "syntax"),
                    message: item["message"]?.stringValue ?? "")
            }
        }
        let outcome = CommandOutcome(
            commandID: try row.string("command_id"), commandType: try row.string("command_type"), subject: try row.string("subject"),
            status: CommandOutcome.Status(rawValue: try row.string("status")) ?? .rejected, eventIDs: ids, reasons: reasons,
            recordedAt: Timestamp(microseconds: try row.int("recorded_us")), source: row["source"],
            traceparent: row["traceparent"], violations: violations)
        return StoredOutcome(outcome: outcome, fingerprint: try row.bytes("fingerprint") ?? [])
    }

    @discardableResult
    func run(_ query: PostgresQuery) throws -> PostgresResult {
        do { return try connection.query(query) } catch { throw StoreError.wrap(error) }
    }
}
