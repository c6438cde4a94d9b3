import SuiviDomain
public import SuiviPostgres

/// The dead-letter table as operators see it: list, show, and record how each letter was resolved.
public struct DeadLetterStore {
    /// One dead letter with its history: the same type as the one the workers park.
    public typealias Letter = DeadLetter

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

    /// Keeps a message that could not be processed, whole, with the reason. A message already parked at
    /// the same place is left as it is.
    public func park(_ letters: [DeadLetter]) throws {
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

    /// Records a failed retry: the letter stays parked with one more attempt and the new error.
    public func failedAttempt(_ ids: [Int64], error: String) throws {
        guard !ids.isEmpty else { return }
        try run("""
            UPDATE suivi.dead_letters SET attempts = attempts + 1, last_error = \(DeadLetter.storable(error))
            WHERE id = ANY(\(.intArray(ids.map { $0 }))::bigint[])
            """)
    }

    static func decode(_ row: PostgresRow) throws -> Letter {
        var letter = DeadLetter(
            consumer: try row.string("consumer"), topic: try row.string("topic"),
            partition: Int32(try row.int("partition")), offset: try row.int("offset"), key: try row.bytes("message_key"),
            value: try row.bytes("message_value") ?? [], reasonCode: try row.string("reason_code"), reason: try row.string("reason"),
            streamID: row["stream_id"], eventID: row["event_id"], version: try row.optionalInt("version").map(Int.init),
            headers: DeadLetter.headers(from: row["message_headers"]))
        letter.id = try row.int("id")
        letter.receivedAt = Timestamp(microseconds: try row.int("received_us"))
        letter.status = try row.string("status")
        letter.attempts = Int(try row.int("attempts"))
        letter.lastError = row["last_error"]
        letter.resolution = row["resolution"]
        return letter
    }

    @discardableResult
    private func run(_ query: PostgresQuery) throws -> PostgresResult {
        do { return try connection.query(query) } catch { throw StoreError.wrap(error) }
    }
}
