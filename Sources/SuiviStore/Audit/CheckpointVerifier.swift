internal import SuiviDomain

/// Checks a chain of signed checkpoints and the store's events against it, as a plain state machine:
/// ``init(checkpoints:expectedSigner:)`` checks the chain (sequence, links, signatures, one signer), then
/// ``check(_:)`` is fed every stored event in position order and ``finish()`` ends the walk.
///
/// Each checkpoint must cover exactly the events stored after its `afterPosition` up to its `lastPosition`:
/// as many, with the same Merkle root and, at its last position, the same ledger hash. A rewritten,
/// removed, added or moved event inside a checkpoint's range changes its root; removed checkpoints break
/// the chain; a deleted tail leaves a checkpoint's range short.
public struct CheckpointVerifier: Sendable {
    public let checkpoints: [SignedCheckpoint]
    /// The first problem of the chain itself, if any (then no event is checked against it).
    public let chainFailure: AuditFailure?
    private var index = 0
    private var leaves: [[UInt8]] = []
    private var lastLedgerHash: [UInt8]?
    private var lastPosition: Int64 = 0
    /// Events that lie inside a checked checkpoint's range.
    public private(set) var eventsCovered = 0

    /// - Parameters:
    ///   - checkpoints: In sequence order.
    ///   - expectedSigner: The raw public key every checkpoint must be signed by; `nil` takes the first one's signer.
    public init(checkpoints: [SignedCheckpoint], expectedSigner: [UInt8]? = nil) {
        self.checkpoints = checkpoints
        chainFailure = Self.chainProblem(checkpoints, expectedSigner: expectedSigner)
    }

    /// The number of checkpoints in the chain.
    public var count: Int { checkpoints.count }
    /// The last position the chain covers (0 when empty).
    public var coveredUpTo: Int64 { checkpoints.last?.statement.lastPosition ?? 0 }

    /// Checks the next stored event (position order).
    public mutating func check(_ event: AuditedEvent) -> AuditFailure? {
        guard chainFailure == nil else { return nil }
        while index < checkpoints.count, event.position > checkpoints[index].statement.lastPosition {
            if let failure = close() { return failure }
        }
        guard index < checkpoints.count else { return nil }
        leaves.append(MerkleTree.leafHash(MerkleTree.eventLeaf(position: event.position, hash: event.hash)))
        lastLedgerHash = event.ledgerHash
        lastPosition = event.position
        return nil
    }

    /// Ends the walk: every checkpoint still open must be complete.
    public mutating func finish() -> AuditFailure? {
        guard chainFailure == nil else { return nil }
        while index < checkpoints.count {
            if let failure = close() { return failure }
        }
        return nil
    }

    private mutating func close() -> AuditFailure? {
        let statement = checkpoints[index].statement
        let count = leaves.count
        let root = MerkleTree.root(leafHashes: leaves)
        let range = "positions \(statement.afterPosition + 1)-\(statement.lastPosition)"
        func mismatch(_ position: Int64, _ message: String) -> AuditFailure {
            AuditFailure(.checkpointMismatch, position: position, message: "checkpoint \(statement.sequence) (signed \(statement.signedAt.rfc3339)): \(message)")
        }
        defer {
            eventsCovered += count
            leaves = []
            lastLedgerHash = nil
            index += 1
        }
        if count < statement.eventCount && (count == 0 || lastPosition < statement.lastPosition) {
            let from = count == 0 ? statement.afterPosition + 1 : lastPosition + 1
            return mismatch(from,
                "it covers \(statement.eventCount) events in \(range) but the store holds \(count) there, the last at position \(count == 0 ? statement.afterPosition : lastPosition): events from position \(from) on were removed")
        }
        if count != statement.eventCount {
            return mismatch(statement.afterPosition + 1,
                "it covers \(statement.eventCount) events in \(range) but the store holds \(count) there: events were removed or added in that range")
        }
        if root != statement.merkleRoot {
            return mismatch(statement.afterPosition + 1,
                "the events in \(range) have Merkle root \(Hex.encode(root)), not the signed \(Hex.encode(statement.merkleRoot)): an event there was rewritten, moved or replaced after it was signed")
        }
        if lastLedgerHash != statement.ledgerHash {
            return mismatch(statement.lastPosition,
                "the ledger hash at position \(statement.lastPosition) is not the signed \(Hex.encode(statement.ledgerHash)): the ledger before it was rewritten")
        }
        return nil
    }

    static func chainProblem(_ checkpoints: [SignedCheckpoint], expectedSigner: [UInt8]?) -> AuditFailure? {
        let signer = expectedSigner ?? checkpoints.first?.statement.signer
        var previous: SignedCheckpoint?
        for checkpoint in checkpoints {
            let statement = checkpoint.statement
            func bad(_ message: String) -> AuditFailure {
                AuditFailure(.checkpoint, position: statement.afterPosition + 1, message: "checkpoint \(statement.sequence): \(message)")
            }
            guard checkpoint.signatureHolds else { return bad("the signature does not match its statement: the checkpoint was altered") }
            if let signer, statement.signer != signer {
                return bad("signed by \(AuditSigningKey.fingerprint(publicKey: statement.signer)), not by \(AuditSigningKey.fingerprint(publicKey: signer))")
            }
            let expectedSequence = (previous?.statement.sequence ?? 0) + 1
            guard statement.sequence == expectedSequence else {
                return bad("expected checkpoint \(expectedSequence) here: checkpoint\(statement.sequence - expectedSequence == 1 ? "" : "s") \(expectedSequence)\(statement.sequence - expectedSequence == 1 ? "" : "-\(statement.sequence - 1)") missing")
            }
            guard statement.previousCheckpointHash == previous?.hash else {
                return bad("previousCheckpointHash is not the hash of checkpoint \(expectedSequence - 1): the chain of checkpoints was altered")
            }
            guard statement.afterPosition == (previous?.statement.lastPosition ?? 0), statement.lastPosition > statement.afterPosition,
                statement.eventCount > 0
            else {
                return bad("its range (after \(statement.afterPosition) to \(statement.lastPosition), \(statement.eventCount) events) does not follow checkpoint \(expectedSequence - 1)")
            }
            previous = checkpoint
        }
        return nil
    }

    /// Merges the checkpoints kept outside the database with the table's: every outside one must be in the
    /// table unchanged; the table's later ones are checked too.
    /// - Returns: The chain to check the store against, or the first checkpoint missing from or altered in the table.
    public static func merge(table: [SignedCheckpoint], outside: [SignedCheckpoint]) -> (chain: [SignedCheckpoint], failure: AuditFailure?) {
        var bySequence: [Int64: SignedCheckpoint] = [:]
        for checkpoint in table { bySequence[checkpoint.statement.sequence] = checkpoint }
        var unique: [Int64: SignedCheckpoint] = [:]
        for checkpoint in outside {
            if let seen = unique[checkpoint.statement.sequence], seen != checkpoint {
                return (outside, AuditFailure(.checkpoint, position: checkpoint.statement.afterPosition + 1,
                    message: "two different checkpoints \(checkpoint.statement.sequence) are kept outside: one of them is forged"))
            }
            unique[checkpoint.statement.sequence] = checkpoint
        }
        let sortedOutside = unique.values.sorted { $0.statement.sequence < $1.statement.sequence }
        for checkpoint in sortedOutside {
            let statement = checkpoint.statement
            guard let stored = bySequence[statement.sequence] else {
                return (sortedOutside, AuditFailure(.checkpoint, position: statement.afterPosition + 1,
                    message: "checkpoint \(statement.sequence) (positions \(statement.afterPosition + 1)-\(statement.lastPosition)) kept outside is missing from suivi.checkpoints: it was removed"))
            }
            guard stored == checkpoint else {
                return (sortedOutside, AuditFailure(.checkpoint, position: statement.afterPosition + 1,
                    message: "checkpoint \(statement.sequence) in suivi.checkpoints differs from the copy kept outside: it was altered"))
            }
        }
        let last = sortedOutside.last?.statement.sequence ?? 0
        return (sortedOutside + table.filter { $0.statement.sequence > last }.sorted { $0.statement.sequence < $1.statement.sequence }, nil)
    }
}
