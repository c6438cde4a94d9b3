import SuiviStore
import Synchronization

/// The heads of the streams a decider has decided, per partition, so that a batch does not read and
/// fold every event of its streams again (that cost grows with each stream's length).
///
/// The decider is the only writer of the partitions it is assigned, so a head it committed is the
/// head the store holds. A partition's heads are dropped when it is assigned or revoked (another
/// instance may have written in between), and all of them when a batch fails; the store is the
/// fallback for anything not here.
///
/// Bounded in bytes, not in streams: a case's head grows with every activity it records (its activity
/// ids), so a bound on streams alone let the decider's memory grow with history (2.8 MiB per 100,000
/// commands at 1,000,000). When the estimate passes the bound, the heaviest partition is dropped.
final class StreamHeadCache: Sendable {
    private struct Partition {
        var heads: [String: StreamHead] = [:]
        var bytes = 0
    }

    /// An estimate of a head's fixed cost: the dictionary entry, the stream name, the state's inline
    /// members and the last hash.
    static let bytesPerHead = 1_024

    private let partitions = Mutex<[Int32: Partition]>([:])
    private let capacity: Int

    /// - Parameter capacity: most bytes (estimated) kept over all partitions; 48 MiB by default.
    init(capacity: Int = 48 << 20) {
        self.capacity = capacity
    }

    /// The estimated bytes one head holds.
    static func bytes(of head: StreamHead) -> Int {
        bytesPerHead + head.state.assistanceCase.activityIDs.byteCount
    }

    /// The estimated bytes held now.
    var bytes: Int { partitions.withLock { $0.values.reduce(0) { $0 + $1.bytes } } }

    /// The cached heads of the given streams of one partition each; streams not cached are absent.
    func heads(_ streams: [(stream: String, partition: Int32)]) -> [String: StreamHead] {
        partitions.withLock { partitions in
            var found: [String: StreamHead] = [:]
            for (stream, partition) in streams {
                if let head = partitions[partition]?.heads[stream] { found[stream] = head }
            }
            return found
        }
    }

    /// Keeps heads just committed.
    func store(_ heads: [(stream: String, partition: Int32, head: StreamHead)]) {
        partitions.withLock { partitions in
            var total = partitions.values.reduce(0) { $0 + $1.bytes }
            for (stream, partition, head) in heads {
                let added = Self.bytes(of: head)
                let replaced = partitions[partition, default: Partition()].heads.updateValue(head, forKey: stream)
                let change = added - (replaced.map(Self.bytes(of:)) ?? 0)
                partitions[partition]!.bytes += change
                total += change
                while total > capacity, let heaviest = partitions.max(by: { $0.value.bytes < $1.value.bytes }) {
                    total -= heaviest.value.bytes
                    partitions[heaviest.key] = nil
                }
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
