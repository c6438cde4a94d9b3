/// Which of the projector's lanes (``ConnectionLanes``) applies which events of a batch.
///
/// Each stream's events go to exactly one lane, so the lanes' transactions never write the same stream,
/// and the per-stream rules (versions, parking, gap filling) hold in each lane as they do in one
/// transaction. Streams are dealt out by their event counts, the largest first, each to the lane with the
/// fewest events so far (longest processing time first), so that the lanes finish together. Partitions
/// would not do: a batch polled from a backlog holds one or two partitions' messages, and one lane did
/// nearly all the work (docs/PERFORMANCE.md, "Projector lanes"). A stream may go to another lane in the
/// next batch: batches never overlap.
struct LaneAssignment: Sendable, Hashable {
    /// How many lanes there are (at least one).
    let lanes: Int
    /// The fewest items a lane is given: a batch of fewer than twice this many stays whole, since each
    /// part costs a transaction (and the projector one more for the offsets), which small batches, as at
    /// a low rate, would pay for every few events.
    let minimumShare: Int

    init(lanes: Int, minimumShare: Int = 200) {
        self.lanes = max(1, lanes)
        self.minimumShare = max(1, minimumShare)
    }

    /// How many parts a batch of `count` items is split into: no more than ``lanes``, and no part smaller
    /// than ``minimumShare`` on average.
    func parts(for count: Int) -> Int {
        max(1, min(lanes, count / minimumShare))
    }

    /// The part of each stream, from each stream's event count in the batch, for `parts` parts.
    private func lanes(for counts: [String: Int], parts: Int) -> [String: Int] {
        // Ties broken by stream id, so that the same counts always give the same lanes.
        let order = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        var load = [Int](repeating: 0, count: parts)
        var lane: [String: Int] = [:]
        lane.reserveCapacity(order.count)
        for (stream, count) in order {
            var least = 0
            for index in 1..<parts where load[index] < load[least] { least = index }
            lane[stream] = least
            load[least] += count
        }
        return lane
    }

    /// Splits items into ``parts(for:)`` parts at most, fewer when there are fewer streams (one part, all
    /// the items, when they are of a single stream), each stream's items in their order.
    func split<Item>(_ items: [Item], stream: (Item) -> String) -> [[Item]] {
        let wanted = parts(for: items.count)
        guard wanted > 1 else { return [items] }
        var counts: [String: Int] = [:]
        for item in items { counts[stream(item), default: 0] += 1 }
        guard counts.count > 1 else { return [items] }
        let lane = lanes(for: counts, parts: wanted)
        var parts = [[Item]](repeating: [], count: wanted)
        for item in items { parts[lane[stream(item)]!].append(item) }
        return parts.filter { !$0.isEmpty }
    }
}
