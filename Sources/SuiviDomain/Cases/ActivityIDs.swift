/// The ids of a case's recorded activities, for the duplicate and correction rules. Kept as 64-bit keyed
/// digests in one sorted array instead of strings: the decider holds every case's set in memory (its head
/// cache), and that memory grows with every activity ever recorded. An id as a heap-allocated string cost
/// about 60 MB at 1,000,000 commands; a 128-bit digest in a `Set` about 32 bytes (the hash table's slack
/// included), which made the decider's RSS grow 2.8 MiB per 100,000 commands; a 64-bit digest in a sorted
/// array costs 8 bytes and a little slack.
///
/// The key is the process's random hashing seed (SipHash, `Hasher`), so a sender cannot craft two ids
/// that collide. Two different ids of one case collide with a probability of about n^2 / 2^65 for n ids:
/// about 3 in 10^12 for a case with 10,000 activities. A collision would refuse a new activity as a
/// duplicate (the sender sees the rejection and its code), never accept a wrong one silently, except a
/// correction naming an id never recorded that happens to collide. The set is rebuilt from the events
/// whenever a process loads a case, so the key need never be stored.
public struct ActivityIDs: Sendable, Hashable, ExpressibleByArrayLiteral {
    private var digests: [UInt64] = []

    public init() {}

    public init(arrayLiteral ids: String...) {
        for id in ids { insert(id) }
    }

    public var count: Int { digests.count }
    public var isEmpty: Bool { digests.isEmpty }

    /// Bytes held for the digests (their array's capacity), for memory bounds.
    public var byteCount: Int { digests.capacity * MemoryLayout<UInt64>.stride }

    public func contains(_ id: String) -> Bool {
        let digest = Self.digest(id)
        let index = position(of: digest)
        return index < digests.count && digests[index] == digest
    }

    public mutating func insert(_ id: String) {
        let digest = Self.digest(id)
        let index = position(of: digest)
        guard index == digests.count || digests[index] != digest else { return }
        // Grow by a quarter, not by doubling: these arrays live as long as the case is cached.
        if digests.count == digests.capacity { digests.reserveCapacity(digests.count + digests.count / 4 + 4) }
        digests.insert(digest, at: index)
    }

    /// The first index whose digest is not below `digest`.
    private func position(of digest: UInt64) -> Int {
        var low = 0
        var high = digests.count
        while low < high {
            let middle = (low + high) / 2
            if digests[middle] < digest { low = middle + 1 } else { high = middle }
        }
        return low
    }

    private static func digest(_ id: String) -> UInt64 {
        var hasher = Hasher()
        hasher.combine(0x5355_4956_4931 as UInt64)
        hasher.combine(id)
        return UInt64(bitPattern: Int64(hasher.finalize()))
    }
}
