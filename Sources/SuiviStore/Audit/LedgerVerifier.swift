internal import SuiviDomain

/// The ledger rule (``LedgerHash``) as a plain state machine fed with every stored event in position order.
public struct LedgerVerifier: Sendable {
    /// The ledger hash of the last event that held (``LedgerHash/genesis`` before any).
    public private(set) var head: [UInt8] = LedgerHash.genesis
    /// The position of the last event that held (0 before any).
    public private(set) var lastPosition: Int64 = 0

    public init() {}

    /// Checks the next event in position order.
    /// - Returns: What is wrong, or `nil` when its ledger hash follows from the event before it.
    public mutating func check(_ event: AuditedEvent) -> AuditFailure? {
        let expected = LedgerHash.next(eventHash: event.hash, previous: head)
        guard let stored = event.ledgerHash, stored == expected else {
            let before = lastPosition == 0 ? "the start of the store" : "the event at position \(lastPosition)"
            return AuditFailure(.ledgerBroken, at: event,
                "its ledger hash \(event.ledgerHash.map { Hex.encode($0) } ?? "(none)") does not follow from \(before) "
                    + "(expected \(Hex.encode(expected))): events were removed, inserted or moved between them, or the ledger was rewritten")
        }
        head = stored
        lastPosition = event.position
        return nil
    }

    /// Compares the end of the walk with the ledger head the store keeps.
    /// - Returns: What is wrong, or `nil` when the head is the last event's.
    public func checkHead(position: Int64, hash: [UInt8]) -> AuditFailure? {
        if position == lastPosition && hash == head { return nil }
        if position > lastPosition {
            return AuditFailure(.ledgerHead, position: position,
                message: "the ledger head is at position \(position) but the last event is at position \(lastPosition): events after it were removed")
        }
        return AuditFailure(.ledgerHead, position: lastPosition,
            message: "the ledger head (position \(position), \(Hex.encode(hash))) is not the last event's (position \(lastPosition), \(Hex.encode(head)))")
    }
}
