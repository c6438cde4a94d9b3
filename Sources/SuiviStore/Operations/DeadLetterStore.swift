public import SuiviDomain
public import SuiviPostgres

/// The dead-letter table as operators see it: list, show, and record how each letter was resolved.
public struct DeadLetterStore {
    /// One dead letter with its history.
    public struct Letter: Sendable {
        public var id: Int64
        public var consumer: String
        public var topic: String
        public var partition: Int32
        public var offset: Int64
        public var key: [UInt8]?
        public var value: [UInt8]
        public var reasonCode: String
        public var reason: String
        public var receivedAt: Timestamp
        public var status: String
        public var attempts: Int
        public var streamID: String?
        public var eventID: String?
        public var version: Int?
        public var lastError: String?
        public var resolution: String?
        /// The message's headers as received.
        public var headers: [MessageHeader] = []

        /// The letter for `--json`; the message as text when it is UTF-8, else as hex.
        public func json(withMessage: Bool) -> JSON {
            var members: [String: JSON] = [
                "id": .number(String(id)), "consumer": .string(consumer), "topic": .string(topic),
                "partition": .int(Int(partition)), "offset": .number(String(offset)), "reasonCode": .string(reasonCode),
                "reason": .string(reason), "receivedAt": .string(receivedAt.rfc3339), "status": .string(status),
                "attempts": .int(attempts), "streamId": streamID.map { .string($0) } ?? .null,
                "eventId": eventID.map { .string($0) } ?? .null, "version": version.map { .int($0) } ?? .null,
                "lastError": lastError.map { .string($0) } ?? .null, "resolution": resolution.map { .string($0) } ?? .null,
                "bytes": .int(value.count),
            ]
            if !headers.isEmpty {
                members["headers"] = .array(headers.map { header in
                    let text = header.value.flatMap { String(validating: $0, as: UTF8.self) }
                    return ["name": .string(header.name), "value": text.map { .string($0) } ?? header.value.map { .string(Hex.encode($0)) } ?? .null]
                })
            }
            if withMessage {
                if let text = String(validating: value, as: UTF8.self) {
                    members["message"] = .string(text)
                } else {
                    members["messageHex"] = .string(Hex.encode(value))
                }
                members["key"] = key.map { key in String(validating: key, as: UTF8.self).map { .string($0) } ?? .string(Hex.encode(key)) } ?? .null
            }
            return .object(members)
        }
    }

    public let connection: PostgresConnection

    public init(connection: PostgresConnection) { self.connection = connection }

    static let columns = """
        id, consumer, topic, partition, "offset", message_key, message_value, reason_code, reason,
        (extract(epoch FROM received_at) * 1000000)::bigint AS received_us, status, attempts, stream_id, event_id, version,
        last_error, resolution, message_headers::text AS message_headers
        """

    /// Letters by status (nil: all) and consumer (nil: all), oldest first.
    public func list(status: String? = "parked", consumer: String? = nil, limit: Int = 1000) throws -> [Letter] {
        let result = try run("""
            SELECT \(unescaped: Self.columns) FROM suivi.dead_letters
            WHERE (\(status)::text IS NULL OR status = \(status)) AND (\(consumer)::text IS NULL OR consumer = \(consumer))
            ORDER BY id LIMIT \(limit)
            """)
        return try result.rows.map(Self.decode)
    }

    public func letter(_ id: Int64) throws -> Letter? {
        try run("SELECT \(unescaped: Self.columns) FROM suivi.dead_letters WHERE id = \(id)").rows.first.map(Self.decode)
    }

    /// Parked letters of one consumer for the given streams, locked until the transaction ends.
    public func parked(consumer: String, streams: [String], lock: Bool = false) throws -> [Letter] {
        guard !streams.isEmpty else { return [] }
        let result = try run("""
            SELECT \(unescaped: Self.columns) FROM suivi.dead_letters
            WHERE consumer = \(consumer) AND status = 'parked' AND stream_id = ANY(\(.textArray(streams)))
            ORDER BY stream_id, version, id \(unescaped: lock ? "FOR UPDATE" : "")
            """)
        return try result.rows.map(Self.decode)
    }

    /// The streams among `streams` that have a parked letter (their later events must wait).
    public func parkedStreams(consumer: String, among streams: [String]) throws -> Set<String> {
        guard !streams.isEmpty else { return [] }
        let result = try run("""
            SELECT DISTINCT stream_id FROM suivi.dead_letters
            WHERE consumer = \(consumer) AND status = 'parked' AND stream_id = ANY(\(.textArray(streams)))
            """)
        return Set(try result.rows.map { try $0.string("stream_id") })
    }

    /// Marks letters resolved (`retried` or `skipped`) with a note.
    public func resolve(_ ids: [Int64], status: String, resolution: String) throws {
        guard !ids.isEmpty else { return }
        try run("""
            UPDATE suivi.dead_letters SET status = \(status), resolution = \(DeadLetter.storable(resolution)), resolved_at = now(), attempts = attempts + \(status == "retried" ? 1 : 0)
            WHERE id = ANY(\(.intArray(ids.map { $0 }))::bigint[])
            """)
    }

    /// Records a failed retry: the letter stays parked with one more attempt and the new error.
    public func failedAttempt(_ ids: [Int64], error: String) throws {
        guard !ids.isEmpty else { return }
        try run("""
            UPDATE suivi.dead_letters SET attempts = attempts + 1, last_error = \(DeadLetter.storable(error))
            WHERE id = ANY(\(.intArray(ids.map { $0 }))::bigint[])
            """)
    }

    static func decode(_ row: PostgresRow) throws -> Letter {
        Letter(
            id: try row.int("id"), consumer: try row.string("consumer"), topic: try row.string("topic"),
            partition: Int32(try row.int("partition")), offset: try row.int("offset"), key: try row.bytes("message_key"),
            value: try row.bytes("message_value") ?? [], reasonCode: try row.string("reason_code"), reason: try row.string("reason"),
            receivedAt: Timestamp(microseconds: try row.int("received_us")), status: try row.string("status"),
            attempts: Int(try row.int("attempts")), streamID: row["stream_id"], eventID: row["event_id"],
            version: try row.optionalInt("version").map(Int.init), lastError: row["last_error"], resolution: row["resolution"],
            headers: DeadLetter.headers(from: row["message_headers"]))
    }

    @discardableResult
    private func run(_ query: PostgresQuery) throws -> PostgresResult {
        do { return try connection.query(query) } catch { throw StoreError.wrap(error) }
    }
}
