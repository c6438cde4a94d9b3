public import SuiviDomain
public import SuiviPostgres

/// A worker's sign of life, written every few seconds outside its batch transactions, so that
/// `suivi status` can tell a live worker from a dead one and show when each last processed a message.
public struct WorkerHeartbeat: Sendable {
    public var worker: String
    public var instance: String
    public var group: String
    public var host: String
    public var pid: Int32
    public var startedAt: Timestamp
    public var lastSeen: Timestamp
    public var lastMessageAt: Timestamp?
    public var processed: Int64
    public var partitions: [Int32]

    public init(worker: String, instance: String, group: String, host: String, pid: Int32, startedAt: Timestamp, lastSeen: Timestamp,
        lastMessageAt: Timestamp?, processed: Int64, partitions: [Int32])
    {
        self.worker = worker
        self.instance = instance
        self.group = group
        self.host = host
        self.pid = pid
        self.startedAt = startedAt
        self.lastSeen = lastSeen
        self.lastMessageAt = lastMessageAt
        self.processed = processed
        self.partitions = partitions
    }

    /// Records this heartbeat.
    public func save(_ connection: PostgresConnection) throws {
        try connection.query("""
            INSERT INTO suivi.worker_heartbeats (worker, instance, group_id, host, pid, started_at, last_seen, last_message_at, processed, partitions)
            VALUES (\(worker), \(instance), \(group), \(host), \(Int64(pid)), \(startedAt.rfc3339)::timestamptz, now(),
                \(lastMessageAt?.rfc3339)::timestamptz, \(processed), \(.intArray(partitions.map { Int64($0) }))::int[])
            ON CONFLICT (worker, instance) DO UPDATE SET last_seen = now(), last_message_at = EXCLUDED.last_message_at,
                processed = EXCLUDED.processed, partitions = EXCLUDED.partitions, group_id = EXCLUDED.group_id
            """)
    }

    /// Removes this worker's row at a clean shutdown.
    public func remove(_ connection: PostgresConnection) throws {
        try connection.query("DELETE FROM suivi.worker_heartbeats WHERE worker = \(worker) AND instance = \(instance)")
    }

    /// Every recorded heartbeat, with the database's clock for comparing ages.
    public static func all(_ connection: PostgresConnection) throws -> (now: Timestamp, beats: [WorkerHeartbeat]) {
        let now = Timestamp(microseconds: try connection.query("SELECT (extract(epoch FROM now()) * 1000000)::bigint AS n")[0].int("n"))
        let rows = try connection.query("""
            SELECT worker, instance, group_id, host, pid, (extract(epoch FROM started_at) * 1000000)::bigint AS started_us,
                (extract(epoch FROM last_seen) * 1000000)::bigint AS seen_us,
                (extract(epoch FROM last_message_at) * 1000000)::bigint AS message_us, processed, array_to_string(partitions, ',') AS parts
            FROM suivi.worker_heartbeats ORDER BY worker, instance
            """).rows
        let beats = try rows.map { row in
            WorkerHeartbeat(
                worker: try row.string("worker"), instance: try row.string("instance"), group: try row.string("group_id"),
                host: try row.string("host"), pid: Int32(try row.int("pid")), startedAt: Timestamp(microseconds: try row.int("started_us")),
                lastSeen: Timestamp(microseconds: try row.int("seen_us")),
                lastMessageAt: try row.optionalInt("message_us").map(Timestamp.init(microseconds:)), processed: try row.int("processed"),
                partitions: (row["parts"] ?? "").split(separator: ",").compactMap { Int32($0) })
        }
        return (now, beats)
    }
}
