public import SuiviDomain
public import SuiviPostgres

/// The decider's held commands in PostgreSQL (`suivi.held_commands`): what ``HeldCommands`` holds, written
/// in the batch's transaction with the offsets, and read back when a partition is assigned.
public struct HeldCommandStore {
    public let connection: PostgresConnection

    public init(connection: PostgresConnection) {
        self.connection = connection
    }

    /// The commands held for a consumer group in the given partitions, in order.
    /// - Throws: ``StoreError`` when a stored message no longer decodes (it was valid when held).
    public func held(group: String, partitions: [Int32]) throws -> [HeldCommands.Entry] {
        guard !partitions.isEmpty else { return [] }
        let result = try run("""
            SELECT partition, "offset", message, message_timestamp,
                (extract(epoch FROM held_since) * 1000000)::bigint AS since_us
            FROM suivi.held_commands
            WHERE group_id = \(group) AND partition = ANY(\(.intArray(partitions.map { Int64($0) }))::int[])
            ORDER BY partition, "offset"
            """)
        return try result.rows.map { row in
            let partition = Int32(try row.int("partition"))
            let offset = try row.int("offset")
            let text = try row.string("message")
            guard case .success(let command) = CommandDecoder.decode(Array(text.utf8)) else {
                throw StoreError(code: .corruptEvent, message: "held command at partition \(partition) offset \(offset) no longer decodes")
            }
            let timestamp: Int64? = row["message_timestamp"].flatMap { Int64($0) }
            return HeldCommands.Entry(
                incoming: CommandProcessor.Incoming(command: command, partition: partition, offset: offset, timestamp: timestamp),
                since: Timestamp(microseconds: try row.int("since_us")))
        }
    }

    /// Writes what changed (inside the caller's transaction).
    public func save(group: String, _ changes: HeldCommands.Changes) throws {
        if !changes.released.isEmpty {
            try run("""
                DELETE FROM suivi.held_commands h USING unnest(
                    \(.intArray(changes.released.map { Int64($0.partition) }))::int[],
                    \(.intArray(changes.released.map(\.offset)))::bigint[]) AS r(p, o)
                WHERE h.group_id = \(group) AND h.partition = r.p AND h."offset" = r.o
                """)
        }
        guard !changes.added.isEmpty else { return }
        let added = changes.added
        try run("""
            INSERT INTO suivi.held_commands (group_id, partition, "offset", stream_id, command_id, held_since, message, message_timestamp)
            SELECT \(group), * FROM unnest(
                \(.intArray(added.map { Int64($0.incoming.partition) }))::int[],
                \(.intArray(added.map(\.incoming.offset)))::bigint[],
                \(.textArray(added.map(\.incoming.command.streamID)))::text[],
                \(.textArray(added.map(\.incoming.command.id)))::text[],
                \(.textArray(added.map(\.since.rfc3339)))::timestamptz[],
                \(.textArray(added.map { $0.incoming.command.envelope.sentJSON.canonicalText }))::text[],
                \(.intArray(added.map(\.incoming.timestamp)))::bigint[])
            ON CONFLICT (group_id, partition, "offset") DO NOTHING
            """)
    }

    /// Every held command of every group, oldest first: for `suivi status`.
    public func all(limit: Int = 100) throws -> (total: Int, rows: [HeldRow]) {
        let total = try run("SELECT count(*) AS n FROM suivi.held_commands")[0].int("n")
        let result = try run("""
            SELECT group_id, partition, "offset", stream_id, command_id,
                (extract(epoch FROM held_since) * 1000000)::bigint AS since_us
            FROM suivi.held_commands ORDER BY held_since, partition, "offset" LIMIT \(Int64(limit))
            """)
        let rows = try result.rows.map { row in
            HeldRow(
                group: try row.string("group_id"), partition: Int32(try row.int("partition")), offset: try row.int("offset"),
                streamID: try row.string("stream_id"), commandID: try row.string("command_id"),
                since: Timestamp(microseconds: try row.int("since_us")))
        }
        return (Int(total), rows)
    }

    @discardableResult
    private func run(_ query: PostgresQuery) throws -> PostgresResult {
        do { return try connection.query(query) } catch { throw StoreError.wrap(error) }
    }
}

/// One held command as `suivi status` shows it.
public struct HeldRow: Sendable, Hashable {
    public var group: String
    public var partition: Int32
    public var offset: Int64
    public var streamID: String
    public var commandID: String
    public var since: Timestamp
}
