
/// A worker's partitions through rebalances: which it holds, where each newly assigned one starts
/// reading, and which a revocation takes away. A plain value, tested without a broker; the engine keeps it
/// and runs the I/O around it (the stored offsets are read from PostgreSQL inside librdkafka's `poll`).
struct Rebalance: Sendable, Equatable {
    /// The partitions this worker holds.
    private(set) var members: Set<Int32> = []

    /// Partitions given to this worker, with the next offsets the store holds (absent: none stored).
    /// - Returns: Where each starts: the next offset stored with its last committed batch, or the
    ///   partition's first offset when nothing was ever stored for it.
    mutating func assigned(_ partitions: [Int32], stored: [Int32: Int64]) -> [Int32: Int64] {
        var start: [Int32: Int64] = [:]
        for partition in partitions { start[partition] = stored[partition] ?? 0 }
        members.formUnion(partitions)
        return start
    }

    /// Partitions taken away; returns those this worker held, whose state the handler forgets.
    mutating func revoked(_ partitions: [Int32]) -> [Int32] {
        let held = partitions.filter { members.contains($0) }.sorted()
        members.subtract(partitions)
        return held
    }

    /// The members in order, for the heartbeat.
    var sorted: [Int32] { members.sorted() }
}
