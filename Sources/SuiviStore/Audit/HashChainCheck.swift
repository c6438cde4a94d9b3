public import SuiviDomain

/// The hash chain of one stream checked again: each event's hash recomputed from the previous one with
/// ``EventHash/compute(previous:event:)`` and compared with the stored hash and the stored link.
public struct HashChainCheck: Sendable, Hashable {
    /// The first event whose record does not match its chain.
    public struct BadEvent: Sendable, Hashable {
        public var version: Int
        public var eventID: String
        public var reason: String
    }

    public var events: Int
    /// The hash of the last event, in hex (the stored one when the chain holds).
    public var headHash: String
    public var firstBad: BadEvent?

    public var verified: Bool { firstBad == nil }

    /// Walks a stream as ``EventStore/stream(_:)`` returns it.
    public static func check(
        _ stream: [(event: RecordedEvent, hash: [UInt8], previousHash: [UInt8]?)]
    ) -> HashChainCheck {
        var previous: [UInt8]? = nil
        for (index, link) in stream.enumerated() {
            let event = link.event
            func bad(_ reason: String) -> HashChainCheck {
                HashChainCheck(
                    events: stream.count, headHash: hex(stream.last?.hash ?? []),
                    firstBad: BadEvent(version: event.version, eventID: event.metadata.eventID, reason: reason))
            }
            if event.version != index + 1 { return bad("version \(event.version) where \(index + 1) was expected") }
            if link.previousHash != previous {
                return bad("its link to the previous event does not match that event's hash")
            }
            let computed = EventHash.compute(previous: previous, event: event)
            if computed != link.hash {
                return bad(
                    "stored hash \(hex(link.hash).prefix(16))… but its record hashes to \(hex(computed).prefix(16))…")
            }
            previous = link.hash
        }
        return HashChainCheck(events: stream.count, headHash: hex(previous ?? []), firstBad: nil)
    }

    /// One line for people: "verified: N events, head hash …" or the first bad event.
    public var summary: String {
        if let firstBad {
            return "NOT verified: event \(firstBad.version) (\(firstBad.eventID)) \(firstBad.reason)"
        }
        return "verified: \(events) event\(events == 1 ? "" : "s"), head hash \(headHash)"
    }

    public var json: JSON {
        [
            "verified": .bool(verified), "events": .int(events), "headHash": .string(headHash),
            "firstBad": firstBad.map { bad in
                ["version": .int(bad.version), "eventId": .string(bad.eventID), "reason": .string(bad.reason)]
            } ?? .null,
        ]
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef")
        return String(bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0x0F)]] })
    }
}
