import SuiviDomain
import SuiviStore
import Testing

/// RFC 6962 tree hashing against the Certificate Transparency reference vectors, and every leaf's audit
/// path in trees of every shape up to 37 leaves.
@Suite struct MerkleTreeTests {
    static let leaves = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"]
        .map { Hex.decode($0)! }
    static let roots = [
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ]

    @Test func rootsMatchTheReferenceForEverySizeUpToEight() {
        let hashes = Self.leaves.map(MerkleTree.leafHash)
        for size in 0...8 {
            #expect(Hex.encode(MerkleTree.root(leafHashes: Array(hashes.prefix(size)))) == Self.roots[size], "size \(size)")
        }
    }

    @Test func theReferenceAuditPathOfTheFirstLeaf() {
        let hashes = Self.leaves.map(MerkleTree.leafHash)
        let path = MerkleTree.auditPath(index: 0, leafHashes: hashes).map(Hex.encode)
        #expect(path == [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ])
    }

    @Test func everyLeafsPathLeadsToTheRootAndNothingElseDoes() {
        for size in 1...37 {
            let hashes = (0..<size).map { MerkleTree.leafHash(MerkleTree.eventLeaf(position: Int64($0 * 3 + 1), hash: [UInt8](repeating: UInt8($0), count: 32))) }
            let root = MerkleTree.root(leafHashes: hashes)
            for index in 0..<size {
                let path = MerkleTree.auditPath(index: index, leafHashes: hashes)
                #expect(MerkleTree.root(fromPath: path, leafHash: hashes[index], index: index, size: size) == root, "leaf \(index) of \(size)")
                // Another leaf, another index or a path one step short do not lead there. (Another tree size may:
                // the size a proof is checked with must come from the signed checkpoint.)
                let other = hashes[(index + 1) % size]
                if size > 1 {
                    #expect(MerkleTree.root(fromPath: path, leafHash: other, index: index, size: size) != root)
                    #expect(MerkleTree.root(fromPath: path, leafHash: hashes[index], index: (index + 1) % size, size: size) != root)
                }
                if !path.isEmpty {
                    #expect(MerkleTree.root(fromPath: Array(path.dropLast()), leafHash: hashes[index], index: index, size: size) != root)
                }
            }
            #expect(MerkleTree.root(fromPath: [], leafHash: hashes[0], index: size, size: size) == nil, "an index outside the tree")
        }
    }

    @Test func anEventLeafIsItsPositionBigEndianThenItsHash() {
        let leaf = MerkleTree.eventLeaf(position: 0x0102_0304_0506_0708, hash: [UInt8](repeating: 0xAA, count: 32))
        #expect(Array(leaf.prefix(8)) == [1, 2, 3, 4, 5, 6, 7, 8])
        #expect(leaf.count == 40 && leaf.suffix(32).allSatisfy { $0 == 0xAA })
    }
}
