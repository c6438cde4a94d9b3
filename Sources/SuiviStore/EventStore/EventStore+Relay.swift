import SuiviPostgres

/// How far the relay has published each commands partition's events and outcomes (`suivi.relay_cursors`).
extension EventStore {
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
}

/// The two feeds the relay publishes from the store.
public enum RelayFeed: String, Sendable {
    case events
    case outcomes
}
