internal import Crypto

/// RFC 6962 (section 2.1) Merkle tree hashing, as plain functions: the root of a list of leaves, a leaf's
/// audit path, and the root that a path leads to (RFC 9162, section 2.1.3.2), so that an inclusion proof is
/// checked without the other leaves.
///
/// A leaf's hash is SHA-256(0x00 || leaf), an inner node's SHA-256(0x01 || left || right); a tree of `n`
/// leaves splits at the largest power of two below `n`. The empty tree's root is SHA-256 of nothing.
public enum MerkleTree {
    public static func leafHash(_ leaf: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: [0x00])
        hasher.update(data: leaf)
        return Array(hasher.finalize())
    }

    public static func nodeHash(_ left: [UInt8], _ right: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: [0x01])
        hasher.update(data: left)
        hasher.update(data: right)
        return Array(hasher.finalize())
    }

    /// The leaf of an event: its position (8 bytes, big-endian) followed by its 32-byte stream hash.
    public static func eventLeaf(position: Int64, hash: [UInt8]) -> [UInt8] {
        var leaf: [UInt8] = []
        leaf.reserveCapacity(8 + hash.count)
        for shift in stride(from: 56, through: 0, by: -8) { leaf.append(UInt8(truncatingIfNeeded: UInt64(bitPattern: position) >> UInt64(shift))) }
        leaf.append(contentsOf: hash)
        return leaf
    }

    /// The Merkle tree hash (MTH) of leaves given by their leaf hashes.
    public static func root(leafHashes: [[UInt8]]) -> [UInt8] {
        guard !leafHashes.isEmpty else { return Array(SHA256.hash(data: [UInt8]())) }
        return subtreeRoot(leafHashes[...])
    }

    /// PATH(m, D[n]): the sibling hashes from leaf `index` up to the root, nearest first.
    public static func auditPath(index: Int, leafHashes: [[UInt8]]) -> [[UInt8]] {
        precondition(index >= 0 && index < leafHashes.count, "leaf index out of the tree")
        var path: [[UInt8]] = []
        collectPath(index, leafHashes[...], into: &path)
        return path
    }

    /// The root that `path` leads to from the leaf hash `leafHash` at `index` of a tree of `size` leaves;
    /// `nil` when the path cannot belong to such a tree (too short, too long, or the index is outside it).
    public static func root(fromPath path: [[UInt8]], leafHash: [UInt8], index: Int, size: Int) -> [UInt8]? {
        guard index >= 0, index < size else { return nil }
        var fn = index
        var sn = size - 1
        var result = leafHash
        for sibling in path {
            guard sn != 0, sibling.count == 32 else { return nil }
            if fn & 1 == 1 || fn == sn {
                result = nodeHash(sibling, result)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                result = nodeHash(result, sibling)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 ? result : nil
    }

    private static func split(_ count: Int) -> Int {
        var k = 1
        while k << 1 < count { k <<= 1 }
        return k
    }

    private static func subtreeRoot(_ leaves: ArraySlice<[UInt8]>) -> [UInt8] {
        if leaves.count == 1 { return leaves[leaves.startIndex] }
        let k = split(leaves.count)
        let middle = leaves.startIndex + k
        return nodeHash(subtreeRoot(leaves[..<middle]), subtreeRoot(leaves[middle...]))
    }

    private static func collectPath(_ index: Int, _ leaves: ArraySlice<[UInt8]>, into path: inout [[UInt8]]) {
        guard leaves.count > 1 else { return }
        let k = split(leaves.count)
        let middle = leaves.startIndex + k
        if index < k {
            collectPath(index, leaves[..<middle], into: &path)
            path.append(subtreeRoot(leaves[middle...]))
        } else {
            collectPath(index - k, leaves[middle...], into: &path)
            path.append(subtreeRoot(leaves[..<middle]))
        }
    }
}
