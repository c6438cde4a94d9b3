/// The ids of a case's recorded activities, for the duplicate and correction rules. Kept as 128-bit keyed
/// digests instead of strings: the decider holds every case's set in memory (its head cache), and an id
/// as a heap-allocated string cost about 60 MB at 1,000,000 commands; a digest is 16 bytes inline.
///
/// The key is the process's random hashing seed (SipHash, `Hasher`), so a sender cannot craft two ids
/// that collide, and two different ids collide with a probability of about 2^-128 for a pair. The set
/// is rebuilt from the events whenever a process loads a case, so the key need never be stored.
public struct ActivityIDs: Sendable, Hashable, ExpressibleByArrayLiteral {
    private struct Digest: Hashable, Sendable {
        var high: Int
        var low: Int
    }

    private var digests: Set<Digest> = []

    public init() {}

    public init(arrayLiteral ids: String...) {
        for id in ids { insert(id) }
    }

    public var count: Int { digests.count }
    public var isEmpty: Bool { digests.isEmpty }

    public func contains(_ id: String) -> Bool { digests.contains(Self.digest(id)) }

    public mutating func insert(_ id: String) { digests.insert(Self.digest(id)) }

    private static func digest(_ id: String) -> Digest {
        var high = Hasher()
        high.combine(0x5355_4956_4931 as UInt64)
        high.combine(id)
        var low = Hasher()
        low.combine(0x5355_4956_4932 as UInt64)
        low.combine(id)
        return Digest(high: high.finalize(), low: low.finalize())
    }
}
