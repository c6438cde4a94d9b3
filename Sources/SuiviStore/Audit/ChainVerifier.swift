internal import SuiviDomain

/// The hash-chain rules, as a plain state machine fed with stored events in position order: no I/O,
/// so it is tested without a database.
///
/// It keeps one head (last version and hash) per stream seen, so its memory grows with the number of
/// streams, never with the number of events.
public struct ChainVerifier: Sendable {
    struct Head: Sendable {
        var version: Int
        var hash: [UInt8]
    }

    private var heads: [String: Head] = [:]
    /// Events checked so far.
    public private(set) var eventsChecked = 0

    public init() {}

    /// Streams seen so far.
    public var streamsChecked: Int { heads.count }

    /// The last version and hash of a stream, as checked.
    public func head(of streamID: String) -> (version: Int, hash: [UInt8])? {
        heads[streamID].map { ($0.version, $0.hash) }
    }

    /// Checks the next stored event against its stream's head and its own content.
    /// - Returns: What is wrong with the event, or `nil` when it holds.
    public mutating func check(_ event: AuditedEvent) -> AuditFailure? {
        eventsChecked += 1
        if let reason = event.unreadable {
            return AuditFailure(.unreadable, at: event, reason)
        }
        let head = heads[event.streamID]
        let expectedVersion = (head?.version ?? 0) + 1
        if event.version != expectedVersion {
            if let head, event.version <= head.version {
                return AuditFailure(.versionOrder, at: event,
                    "version \(event.version) comes after version \(head.version) of its stream: versions must rise by one")
            }
            let missing = expectedVersion == event.version - 1 ? "version \(expectedVersion) is" : "versions \(expectedVersion)-\(event.version - 1) are"
            return AuditFailure(.versionGap, at: event,
                "\(missing) missing before it (\(head.map { "the stream's previous event is version \($0.version)" } ?? "the stream has no earlier event"))")
        }
        if let head {
            guard event.previousHash == head.hash else {
                return AuditFailure(.brokenLink, at: event,
                    "prev_hash \(Hex.encode(event.previousHash ?? [])) is not the hash of version \(head.version) (\(Hex.encode(head.hash)))")
            }
        } else if let previous = event.previousHash, previous != EventHash.genesis {
            return AuditFailure(.brokenLink, at: event,
                "the stream's first event has prev_hash \(Hex.encode(previous)) instead of none")
        }
        let expected = event.expectedHash(after: head?.hash)
        guard expected == event.hash else {
            return AuditFailure(.hashMismatch, at: event,
                "stored hash \(Hex.encode(event.hash)) is not the hash of the stored content (\(Hex.encode(expected))): the event was altered")
        }
        heads[event.streamID] = Head(version: event.version, hash: event.hash)
        return nil
    }
}
