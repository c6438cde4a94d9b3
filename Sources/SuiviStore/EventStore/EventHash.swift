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

    /// - Parameter data: the event's data in canonical bytes, when the caller has them.
    public static func compute(previous: [UInt8]?, event: RecordedEvent, data: [UInt8]? = nil) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: previous ?? genesis)
        // The record in its two parts around the data, so that the data's bytes are hashed where they are
        // instead of being copied into the record first.
        var part: [UInt8] = []
        part.reserveCapacity(320)
        writeRecordHead(event, into: &part)
        hasher.update(data: part)
        if let data { hasher.update(data: data) } else { hasher.update(data: event.event.data.canonicalBytes) }
        part.removeAll(keepingCapacity: true)
        writeRecordTail(event, into: &part)
        hasher.update(data: part)
        return Array(hasher.finalize())
    }

    /// The canonical JSON of ``record(_:)``, written member by member in its sorted key order instead of
    /// building the object and sorting its keys (this runs once per event decided and per event audited).
    /// A test holds it byte for byte equal to `record(event).canonicalBytes`.
    public static func recordBytes(_ event: RecordedEvent, data: [UInt8]? = nil) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(640)
        writeRecordHead(event, into: &out)
        if let data { out.append(contentsOf: data) } else { event.event.data.write(into: &out) }
        writeRecordTail(event, into: &out)
        return out
    }

    /// The record's bytes before its data: the members that sort before `data`, and its name.
    private static func writeRecordHead(_ event: RecordedEvent, into out: inout [UInt8]) {
        let meta = event.metadata
        JSON.writeMemberName("actor", first: true, into: &out)
        JSON.writeString(meta.actor, into: &out)
        JSON.writeMemberName("actorRole", into: &out)
        JSON.writeString(meta.actorRole.rawValue, into: &out)
        JSON.writeMemberName("commandId", into: &out)
        JSON.writeString(meta.commandID, into: &out)
        JSON.writeMemberName("consentId", into: &out)
        writeOptional(meta.consentID, into: &out)
        JSON.writeMemberName("data", into: &out)
    }

    /// The record's bytes after its data: the members that sort after it, and the closing brace.
    private static func writeRecordTail(_ event: RecordedEvent, into out: inout [UInt8]) {
        let meta = event.metadata
        JSON.writeMemberName("eventId", into: &out)
        JSON.writeString(meta.eventID, into: &out)
        JSON.writeMemberName("eventType", into: &out)
        JSON.writeString(event.event.typeName, into: &out)
        JSON.writeMemberName("occurredAt", into: &out)
        out.append(UInt8(ascii: "\""))
        meta.occurredAt.writeRFC3339(into: &out)
        out.append(UInt8(ascii: "\""))
        JSON.writeMemberName("onBehalfOf", into: &out)
        writeOptional(meta.onBehalfOf, into: &out)
        JSON.writeMemberName("recordedAt", into: &out)
        out.append(UInt8(ascii: "\""))
        meta.recordedAt.writeRFC3339(into: &out)
        out.append(UInt8(ascii: "\""))
        JSON.writeMemberName("streamId", into: &out)
        JSON.writeString(event.streamID, into: &out)
        JSON.writeMemberName("streamType", into: &out)
        JSON.writeString(event.aggregate.rawValue, into: &out)
        JSON.writeMemberName("version", into: &out)
        out.append(contentsOf: String(event.version).utf8)
        out.append(UInt8(ascii: "}"))
    }

    private static func writeOptional(_ text: String?, into out: inout [UInt8]) {
        if let text { JSON.writeString(text, into: &out) } else { out.append(contentsOf: "null".utf8) }
    }

    /// SHA-256 of bytes, for command fingerprints.
    public static func sha256(_ bytes: [UInt8]) -> [UInt8] {
        Array(SHA256.hash(data: bytes))
    }

    /// A name-based UUID (RFC 9562 version 8) from SHA-256 of `name`: the same command always yields
    /// the same event ids, so a replayed batch cannot mint new identities.
    public static func uuid(_ name: String) -> String {
        var name = name
        let digest = name.withUTF8 { SHA256.hash(data: UnsafeRawBufferPointer($0)) }
        return digest.withUnsafeBytes { digestBytes in
            String(unsafeUninitializedCapacity: 36) { text in
                var written = 0
                for index in 0..<16 {
                    var byte = digestBytes[index]
                    if index == 6 { byte = (byte & 0x0F) | 0x80 }
                    if index == 8 { byte = (byte & 0x3F) | 0x80 }
                    if index == 4 || index == 6 || index == 8 || index == 10 {
                        text[written] = UInt8(ascii: "-")
                        written += 1
                    }
                    text[written] = hexDigits[Int(byte >> 4)]
                    text[written + 1] = hexDigits[Int(byte & 0xF)]
                    written += 2
                }
                return written
            }
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}
