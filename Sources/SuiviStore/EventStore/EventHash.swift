internal import Crypto
public import SuiviDomain

/// The hash chain of a stream: each event's hash is SHA-256 over the previous event's hash (32 zero
/// bytes for the first) followed by the canonical JSON of the event's record. Changing any stored field,
/// or removing or reordering an event, breaks every later hash.
public enum EventHash {
    public static let genesis = [UInt8](repeating: 0, count: 32)

    /// The record that is hashed: every field an auditor relies on, in canonical JSON.
    public static func record(_ event: RecordedEvent) -> JSON {
        let meta = event.metadata
        return [
            "streamId": .string(event.streamID),
            "streamType": .string(event.aggregate.rawValue),
            "version": .int(event.version),
            "eventId": .string(meta.eventID),
            "eventType": .string(event.event.typeName),
            "data": event.event.data,
            "commandId": .string(meta.commandID),
            "actor": .string(meta.actor),
            "actorRole": .string(meta.actorRole.rawValue),
            "onBehalfOf": meta.onBehalfOf.map { .string($0) } ?? .null,
            "occurredAt": .string(meta.occurredAt.rfc3339),
            "recordedAt": .string(meta.recordedAt.rfc3339),
            "consentId": meta.consentID.map { .string($0) } ?? .null,
        ]
    }

    public static func compute(previous: [UInt8]?, event: RecordedEvent) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: previous ?? genesis)
        hasher.update(data: record(event).canonicalBytes)
        return Array(hasher.finalize())
    }

    /// SHA-256 of bytes, for command fingerprints.
    public static func sha256(_ bytes: [UInt8]) -> [UInt8] {
        Array(SHA256.hash(data: bytes))
    }

    /// A name-based UUID (RFC 9562 version 8) from SHA-256 of `name`: the same command always yields
    /// the same event ids, so a replayed batch cannot mint new identities.
    public static func uuid(_ name: String) -> String {
        var bytes = Array(SHA256.hash(data: Array(name.utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x80
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = Hex.encode(bytes)
        let chars = Array(hex)
        return String(chars[0..<8]) + "-" + String(chars[8..<12]) + "-" + String(chars[12..<16]) + "-"
            + String(chars[16..<20]) + "-" + String(chars[20..<32])
    }
}
