import SuiviPostgres

/// Where the decider's consumer group is in each commands partition (`suivi.consumer_offsets`), written
/// in the same transaction as the effects of the messages before it.
extension EventStore {
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
}
