import Foundation
import SuiviDomain
import SuiviStore
import Testing

/// The ledger and checkpoint rules as plain values: a store of events walked in position order against a
/// chain of signed checkpoints, and each tampering named at its place.
@Suite struct CheckpointVerifierTests {
    static let key = AuditSigningKey()

    /// Events at positions 1...count (skipping `gaps`), with stream hashes and a correct ledger.
    static func events(_ count: Int, gaps: Set<Int64> = []) -> [AuditedEvent] {
        var link = LedgerHash.genesis
        var out: [AuditedEvent] = []
        for position in Int64(1)...Int64(count + gaps.count) where !gaps.contains(position) {
            let hash = EventHash.sha256(Array("event \(position)".utf8))
            link = LedgerHash.next(eventHash: hash, previous: link)
            out.append(AuditedEvent(
                position: position, streamID: "s\(position % 3)", version: 1, eventID: "e\(position)", sourcePartition: 0,
                record: .null, previousHash: nil, hash: hash, ledgerHash: link))
        }
        return out
    }

    /// Checkpoints over `events`, `size` events each, as ``CheckpointStore/signDue`` signs them.
    static func checkpoints(_ events: [AuditedEvent], size: Int) throws -> [SignedCheckpoint] {
        var out: [SignedCheckpoint] = []
        var start = 0
        while start < events.count {
            let slice = events[start..<min(start + size, events.count)]
            let previous = out.last
            let statement = CheckpointStatement(
                sequence: Int64(out.count + 1), afterPosition: previous?.statement.lastPosition ?? 0,
                lastPosition: slice.last!.position, eventCount: slice.count, ledgerHash: slice.last!.ledgerHash!,
                merkleRoot: MerkleTree.root(leafHashes: slice.map { MerkleTree.leafHash(MerkleTree.eventLeaf(position: $0.position, hash: $0.hash)) }),
                previousCheckpointHash: previous?.hash, signedAt: Timestamp(microseconds: 1_700_000_000_000_000), signer: key.publicKey)
            out.append(try SignedCheckpoint(signing: statement, with: key))
            start += size
        }
        return out
    }

    static func walk(_ events: [AuditedEvent], _ checkpoints: [SignedCheckpoint]) -> AuditFailure? {
        var ledger = LedgerVerifier()
        var verifier = CheckpointVerifier(checkpoints: checkpoints)
        if let failure = verifier.chainFailure { return failure }
        for event in events {
            if let failure = ledger.check(event) ?? verifier.check(event) { return failure }
        }
        return verifier.finish()
    }

    @Test func anIntactStoreHoldsAndEveryEventIsCoveredOnce() throws {
        let events = Self.events(25, gaps: [7, 8])
        let checkpoints = try Self.checkpoints(events, size: 10)
        var verifier = CheckpointVerifier(checkpoints: checkpoints)
        var ledger = LedgerVerifier()
        for event in events {
            #expect(ledger.check(event) == nil)
            #expect(verifier.check(event) == nil)
        }
        #expect(verifier.finish() == nil)
        #expect(verifier.eventsCovered == 25 && verifier.count == 3 && verifier.coveredUpTo == 27)
        #expect(ledger.checkHead(position: 27, hash: events.last!.ledgerHash!) == nil)
        // A statement reads back as written, and its signature holds over its exact text.
        let read = try SignedCheckpoint(json: checkpoints[1].json)
        #expect(read == checkpoints[1] && read.signatureHolds)
    }

    @Test func aDeletedTailIsNamedAtTheFirstMissingPosition() throws {
        let events = Self.events(25)
        let checkpoints = try Self.checkpoints(events, size: 10)
        let failure = Self.walk(Array(events.prefix(23)), checkpoints)
        #expect(failure?.kind == .checkpointMismatch)
        #expect(failure?.position == 24, "\(String(describing: failure))")
        // The head kept by the store shows it too, without checkpoints.
        var ledger = LedgerVerifier()
        for event in events.prefix(23) { _ = ledger.check(event) }
        #expect(ledger.checkHead(position: 25, hash: events.last!.ledgerHash!)?.kind == .ledgerHead)
    }

    @Test func aRemovedEventInTheMiddleBreaksTheLedgerAtTheNextOne() throws {
        let events = Self.events(25)
        var tampered = events
        tampered.remove(at: 11)  // position 12
        let failure = Self.walk(tampered, try Self.checkpoints(events, size: 10))
        #expect(failure?.kind == .ledgerBroken && failure?.position == 13)
    }

    @Test func aRewrittenEventWithEveryHashRecomputedIsNamedByItsCheckpoint() throws {
        let events = Self.events(25)
        let checkpoints = try Self.checkpoints(events, size: 10)
        // Event 14 rewritten; its hash and every ledger hash after it recomputed: the ledger holds.
        var link = events[12].ledgerHash!
        var tampered = Array(events.prefix(13))
        for var event in events.dropFirst(13) {
            if event.position == 14 { event.hash = EventHash.sha256(Array("forged".utf8)) }
            link = LedgerHash.next(eventHash: event.hash, previous: link)
            event.ledgerHash = link
            tampered.append(event)
        }
        var ledger = LedgerVerifier()
        #expect(tampered.allSatisfy { ledger.check($0) == nil }, "the forger kept the ledger consistent")
        let failure = Self.walk(tampered, checkpoints)
        #expect(failure?.kind == .checkpointMismatch && failure?.position == 11, "the range of checkpoint 2: \(String(describing: failure))")
        #expect(failure?.message.contains("checkpoint 2") == true)
    }

    @Test func swappedPositionsBreakTheLedger() throws {
        let events = Self.events(12)
        var tampered = events
        (tampered[4].position, tampered[6].position) = (7, 5)
        tampered.sort { $0.position < $1.position }
        let failure = Self.walk(tampered, try Self.checkpoints(events, size: 5))
        #expect(failure?.kind == .ledgerBroken && failure?.position == 5)
    }

    @Test func anAlteredRemovedOrForeignCheckpointBreaksTheChain() throws {
        let events = Self.events(30)
        let checkpoints = try Self.checkpoints(events, size: 10)
        // Altered statement, signature kept.
        var altered = checkpoints
        altered[1] = try SignedCheckpoint(text: checkpoints[1].text.replacingOccurrences(of: "\"eventCount\":10", with: "\"eventCount\":9"),
            signature: checkpoints[1].signature)
        #expect(CheckpointVerifier(checkpoints: altered).chainFailure?.kind == .checkpoint)
        // A checkpoint removed from the middle.
        var removed = checkpoints
        removed.remove(at: 1)
        let gap = CheckpointVerifier(checkpoints: removed).chainFailure
        #expect(gap?.kind == .checkpoint && gap?.message.contains("missing") == true, "\(String(describing: gap))")
        // Re-signed by another key: refused when the auditor names the expected key.
        let other = AuditSigningKey()
        var statement = checkpoints[0].statement
        statement.signer = other.publicKey
        let foreign = try SignedCheckpoint(signing: statement, with: other)
        #expect(CheckpointVerifier(checkpoints: [foreign], expectedSigner: Self.key.publicKey).chainFailure?.kind == .checkpoint)
        // The last checkpoint removed from the table: only the copy kept outside shows it.
        let (_, missing) = CheckpointVerifier.merge(table: Array(checkpoints.prefix(2)), outside: checkpoints)
        #expect(missing?.kind == .checkpoint && missing?.message.contains("checkpoint 3") == true)
        let (chain, none) = CheckpointVerifier.merge(table: checkpoints, outside: Array(checkpoints.prefix(2)) + [checkpoints[0]])
        #expect(none == nil && chain == checkpoints, "duplicates outside (republished) are fine; later ones come from the table")
    }
}
