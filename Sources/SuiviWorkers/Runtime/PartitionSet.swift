import Synchronization

/// A set of partition numbers shared between a worker's loop and its rebalance callbacks.
final class PartitionSet: Sendable {
    private let partitions = Mutex<Set<Int32>>([])

    func insert(_ members: some Sequence<Int32>) {
        partitions.withLock { $0.formUnion(members) }
    }

    /// Empties the set and returns what it held.
    func take() -> Set<Int32> {
        partitions.withLock { pending in
            defer { pending.removeAll() }
            return pending
        }
    }

    /// Adds or removes members.
    func remove(_ members: some Sequence<Int32>) {
        partitions.withLock { $0.subtract(members) }
    }

    /// The current members, sorted.
    var members: [Int32] { partitions.withLock { $0.sorted() } }
}
