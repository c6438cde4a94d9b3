import SuiviStore
import Synchronization

/// The heads of the streams a decider has decided, per partition, so that a batch does not read and
/// fold every event of its streams again (that cost grows with each stream's length).
///
/// The decider is the only writer of the partitions it is assigned, so a head it committed is the
/// head the store holds. A partition's heads are dropped when it is assigned or revoked (another
/// instance may have written in between), and all of them when a batch fails; the store is the
/// fallback for anything not here. Bounded: a partition's heads are dropped when the cache is full.
final class StreamHeadCache: Sendable {
    private let partitions = Mutex<[Int32: [String: StreamHead]]>([:])
    private let capacity: Int

    /// - Parameter capacity: most streams kept over all partitions.
    init(capacity: Int = 100_000) {
        self.capacity = capacity
    }

    /// The cached heads of the given streams of one partition each; streams not cached are absent.
    func heads(_ streams: [(stream: String, partition: Int32)]) -> [String: StreamHead] {
        partitions.withLock { partitions in
            var found: [String: StreamHead] = [:]
            for (stream, partition) in streams {
                if let head = partitions[partition]?[stream] { found[stream] = head }
            }
            return found
        }
    }

    /// Keeps heads just committed.
    func store(_ heads: [(stream: String, partition: Int32, head: StreamHead)]) {
        partitions.withLock { partitions in
            var total = partitions.values.reduce(0) { $0 + $1.count }
            for (stream, partition, head) in heads {
                if total >= capacity, partitions[partition]?[stream] == nil {
                    total -= partitions[partition]?.count ?? 0
                    partitions[partition] = [:]
                }
                if partitions[partition, default: [:]].updateValue(head, forKey: stream) == nil { total += 1 }
            }
        }
    }

    func drop(_ dropped: some Sequence<Int32>) {
        partitions.withLock { partitions in for partition in dropped { partitions[partition] = nil } }
    }

    func dropAll() {
        partitions.withLock { $0.removeAll() }
    }
}
