public import SuiviDomain
public import SuiviPostgres

/// The system of record in PostgreSQL: streams of events with their hash chains, command outcomes,
/// the decider's consumer offsets, the relay's cursors and dead letters.
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
        // store, 50 ms per batch at 200,000 events and growing with the store.
        let result = try run("""
            SELECT e.* FROM unnest(\(.textArray(Array(Set(streamIDs)).sorted()))::text[]) AS s(id)
            CROSS JOIN LATERAL (SELECT \(unescaped: Self.eventColumns) FROM suivi.events WHERE stream_id = s.id ORDER BY version) e
            """)
        var heads: [String: StreamHead] = [:]
        for row in result.rows {
            let (event, hash) = try Self.decodeEvent(row)
            var head = heads[event.streamID] ?? .empty
            head.state = head.state.evolve(event.event)
            head.lastHash = hash
            heads[event.streamID] = head
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

    /// Appends new events; returns each event id's position in the store.
    /// - Throws: ``StoreError`` `concurrency` when another writer appended to one of the streams first.
    @discardableResult
    public func append(_ events: [CommandProcessor.NewEvent]) throws -> [String: Int64] {
        guard !events.isEmpty else { return [:] }
        let recorded = events.map(\.recorded)
        do {
            let result = try connection.query("""
                INSERT INTO suivi.events (stream_id, stream_type, version, event_id, event_type, data, command_id,
                    actor, actor_role, on_behalf_of, occurred_at, recorded_at, consent_id, source_partition, prev_hash, hash)
                SELECT * FROM unnest(
                    \(.textArray(recorded.map(\.streamID)))::text[],
                    \(.textArray(recorded.map(\.aggregate.rawValue)))::text[],
                    \(.intArray(recorded.map { Int64($0.version) }))::int[],
                    \(.textArray(recorded.map(\.metadata.eventID)))::uuid[],
                    \(.textArray(recorded.map(\.event.typeName)))::text[],
                    \(.textArray(recorded.map { $0.event.data.canonicalText }))::json[],
                    \(.textArray(recorded.map(\.metadata.commandID)))::text[],
                    \(.textArray(recorded.map(\.metadata.actor)))::text[],
                    \(.textArray(recorded.map(\.metadata.actorRole.rawValue)))::text[],
                    \(.textArray(recorded.map(\.metadata.onBehalfOf)))::text[],
                    \(.textArray(recorded.map(\.metadata.occurredAt.rfc3339)))::timestamptz[],
                    \(.textArray(recorded.map(\.metadata.recordedAt.rfc3339)))::timestamptz[],
                    \(.textArray(recorded.map(\.metadata.consentID)))::text[],
                    \(.intArray(events.map { Int64($0.partition) }))::int[],
                    \(.bytesArray(events.map(\.previousHash)))::bytea[],
                    \(.bytesArray(events.map(\.hash)))::bytea[])
                RETURNING event_id::text, position
                """)
            var positions: [String: Int64] = [:]
            for row in result.rows { positions[try row.string("event_id")] = try row.int("position") }
            return positions
        } catch let error as PostgresError where error.sqlState == PostgresError.SQLState.uniqueViolation {
            throw StoreError(code: .concurrency,
                message: "another writer appended to one of these streams first (\(error.message)); reload and decide again",
                underlying: error)
        } catch {
            throw StoreError.wrap(error)
        }
    }

    // MARK: - Outcomes

    /// The stored outcomes of the given command ids.
    public func outcomes(for commandIDs: [String]) throws -> [String: StoredOutcome] {
        guard !commandIDs.isEmpty else { return [:] }
        // One index probe per id, for the same reason as in `heads(for:)`.
        let result = try run("""
            SELECT o.* FROM unnest(\(.textArray(Array(Set(commandIDs))))::text[]) AS k(id)
            CROSS JOIN LATERAL (
                SELECT \(unescaped: Self.outcomeColumns) FROM suivi.outcomes WHERE command_id = k.id AND status <> 'invalid') o
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
                \(.textArray(outcomes.map(\.commandID)))::text[],
                \(.bytesArray(fresh.map(\.fingerprint)))::bytea[],
                \(.textArray(outcomes.map(\.commandType)))::text[],
                \(.textArray(outcomes.map(\.subject)))::text[],
                \(.textArray(outcomes.map(\.status.rawValue)))::text[],
                \(.textArray(outcomes.map { "{" + $0.eventIDs.joined(separator: ",") + "}" }))::text[],
                \(.textArray(outcomes.map { $0.reasonsJSON.canonicalText }))::json[],
                \(.textArray(fresh.map(\.occurredAt.rfc3339)))::timestamptz[],
                \(.textArray(outcomes.map(\.recordedAt.rfc3339)))::timestamptz[],
                \(.intArray(fresh.map { Int64($0.partition) }))::int[],
                \(.intArray(fresh.map { $0.offset }))::bigint[],
                \(.textArray(outcomes.map(\.source)))::text[],
                \(.textArray(outcomes.map(\.traceparent)))::text[],
                \(.textArray(outcomes.map { $0.status == .invalid ? $0.violationsJSON.canonicalText : nil }))::json[])
                AS o(command_id, fingerprint, command_type, subject, status, event_ids, reasons, occurred_at, recorded_at,
                    source_partition, source_offset, source, traceparent, violations)
            RETURNING command_id, position
            """)
        var positions: [String: Int64] = [:]
        for row in result.rows { positions[try row.string("command_id")] = try row.int("position") }
        return positions
    }

    // MARK: - Offsets

    /// The next offset to read per partition, as stored for a consumer group.
    public func offsets(group: String, topic: String) throws -> [Int32: Int64] {
        let result = try run("""
            SELECT partition, next_offset FROM suivi.consumer_offsets WHERE group_id = \(group) AND topic = \(topic)
            """)
        var offsets: [Int32: Int64] = [:]
        for row in result.rows { offsets[Int32(try row.int("partition"))] = try row.int("next_offset") }
        return offsets
    }

    /// Stores the next offset to read per partition (inside the caller's transaction).
    public func saveOffsets(group: String, topic: String, next: [Int32: Int64]) throws {
        guard !next.isEmpty else { return }
        let partitions = next.keys.sorted()
        try run("""
            INSERT INTO suivi.consumer_offsets (group_id, topic, partition, next_offset)
            SELECT \(group), \(topic), p, o FROM unnest(
                \(.intArray(partitions.map { Int64($0) }))::int[], \(.intArray(partitions.map { next[$0]! }))::bigint[]) AS t(p, o)
            ON CONFLICT (group_id, topic, partition) DO UPDATE SET next_offset = EXCLUDED.next_offset, updated_at = now()
            """)
    }

    // MARK: - Relay

    /// The last position published per partition for a feed (`events` or `outcomes`).
    public func relayCursors(feed: RelayFeed) throws -> [Int32: Int64] {
        let result = try run("SELECT partition, position FROM suivi.relay_cursors WHERE feed = \(feed.rawValue)")
        var cursors: [Int32: Int64] = [:]
        for row in result.rows { cursors[Int32(try row.int("partition"))] = try row.int("position") }
        return cursors
    }

    /// Moves a feed's cursors forward (never back).
    public func advanceRelay(feed: RelayFeed, to positions: [Int32: Int64]) throws {
        guard !positions.isEmpty else { return }
        let partitions = positions.keys.sorted()
        try run("""
            INSERT INTO suivi.relay_cursors (feed, partition, position)
            SELECT \(feed.rawValue), p, o FROM unnest(
                \(.intArray(partitions.map { Int64($0) }))::int[], \(.intArray(partitions.map { positions[$0]! }))::bigint[]) AS t(p, o)
            ON CONFLICT (feed, partition) DO UPDATE SET position = GREATEST(relay_cursors.position, EXCLUDED.position), updated_at = now()
            """)
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

    // MARK: - Dead letters

    /// Keeps a message that could not be processed, whole, with the reason. A message already parked at
    /// the same place is left as it is.
    public func deadLetter(_ letters: [DeadLetter]) throws {
        guard !letters.isEmpty else { return }
        try run("""
            INSERT INTO suivi.dead_letters (consumer, topic, partition, "offset", message_key, message_value, reason_code, reason,
                stream_id, event_id, version, message_headers)
            SELECT * FROM unnest(
                \(.textArray(letters.map(\.consumer)))::text[], \(.textArray(letters.map(\.topic)))::text[],
                \(.intArray(letters.map { Int64($0.partition) }))::int[], \(.intArray(letters.map(\.offset)))::bigint[],
                \(.bytesArray(letters.map(\.key)))::bytea[], \(.bytesArray(letters.map(\.value)))::bytea[],
                \(.textArray(letters.map(\.reasonCode)))::text[], \(.textArray(letters.map { DeadLetter.storable($0.reason) }))::text[],
                \(.textArray(letters.map(\.streamID)))::text[], \(.textArray(letters.map(\.eventID)))::text[],
                \(.intArray(letters.map { $0.version.map(Int64.init) }))::int[],
                \(.textArray(letters.map { $0.headers.isEmpty ? nil : DeadLetter.headersJSON($0.headers).canonicalText }))::json[])
            ON CONFLICT (consumer, topic, partition, "offset") DO NOTHING
            """)
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
    private func run(_ query: PostgresQuery) throws -> PostgresResult {
        do { return try connection.query(query) } catch { throw StoreError.wrap(error) }
    }
}

/// The two feeds the relay publishes from the store.
public enum RelayFeed: String, Sendable {
    case events
    case outcomes
}

/// A message that could not be processed, kept whole with the reason.
public struct DeadLetter: Sendable {
    public var consumer: String
    public var topic: String
    public var partition: Int32
    public var offset: Int64
    public var key: [UInt8]?
    public var value: [UInt8]
    public var reasonCode: String
    public var reason: String
    /// For an event a projection could not apply: the stream it holds up, and the event's place in it.
    public var streamID: String?
    public var eventID: String?
    public var version: Int?
    /// The message's headers, kept with it (binary content mode carries the CloudEvent's attributes there).
    public var headers: [MessageHeader]

    /// Headers as the dead-letter table keeps them: `[{"name": ..., "value": base64}]`.
    public static func headersJSON(_ headers: [MessageHeader]) -> JSON {
        .array(headers.map { header in
            ["name": .string(storable(header.name)), "value": header.value.map { .string(Base64.encode($0)) } ?? .null]
        })
    }

    /// Headers read back from ``headersJSON(_:)``.
    public static func headers(from text: String?) -> [MessageHeader] {
        guard let text, let json = try? JSONParser.parse(text), let items = json.arrayValue else { return [] }
        return items.compactMap { item in
            guard let name = item["name"]?.stringValue else { return nil }
            return MessageHeader(name: name, value: item["value"]?.stringValue.flatMap(Base64.decode))
        }
    }

    /// Text as PostgreSQL can store it: a reason may quote a key or value holding NUL, which `text` refuses
    /// (the whole batch's transaction would fail), so NUL is written as `\u0000`.
    public static func storable(_ text: String) -> String {
        guard text.utf8.contains(0) else { return text }
        return text.split(separator: "\u{0}", omittingEmptySubsequences: false).joined(separator: "\\u0000")
    }

    public init(
        consumer: String, topic: String, partition: Int32, offset: Int64, key: [UInt8]?, value: [UInt8], reasonCode: String, reason: String,
        streamID: String? = nil, eventID: String? = nil, version: Int? = nil, headers: [MessageHeader] = []
    ) {
        self.headers = headers
        self.streamID = streamID
        self.eventID = eventID
        self.version = version
        self.consumer = consumer
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.key = key
        self.value = value
        self.reasonCode = reasonCode
        self.reason = reason
    }
}
