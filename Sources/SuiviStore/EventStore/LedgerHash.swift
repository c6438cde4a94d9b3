internal import Crypto

/// The ledger chain over every event of the store in position order: each event's ledger hash is SHA-256
/// of its stream hash (``EventHash``) followed by the previous event's ledger hash (``genesis`` before the
/// first event). Removing, inserting or reordering events anywhere breaks the ledger at the next event,
/// whichever stream they belong to.
public enum LedgerHash {
    /// What precedes the first event: 32 zero bytes.
    public static let genesis = [UInt8](repeating: 0, count: 32)

    /// The ledger hash of an event whose stream hash is `eventHash`, after `previous`.
    public static func next(eventHash: [UInt8], previous: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: eventHash)
        hasher.update(data: previous)
        return Array(hasher.finalize())
    }
}
