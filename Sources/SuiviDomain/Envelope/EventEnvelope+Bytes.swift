extension EventEnvelope {
    /// The canonical bytes of ``json(_:hash:)``, written member by member in their sorted order instead of
    /// building the object and sorting its keys: the relay writes one per event it publishes. `data` is the
    /// event's data already in canonical bytes, when the caller has them. A test holds the two byte for byte
    /// equal.
    public static func bytes(_ recorded: RecordedEvent, hash: [UInt8], data: [UInt8]? = nil) -> [UInt8] {
        let meta = recorded.metadata
        var out: [UInt8] = []
        out.reserveCapacity(512 + (data?.count ?? 256))
        JSON.writeMemberName("actor", first: true, into: &out)
        JSON.writeString(meta.actor, into: &out)
        JSON.writeMemberName("actorrole", into: &out)
        JSON.writeString(meta.actorRole.rawValue, into: &out)
        JSON.writeMemberName("commandid", into: &out)
        JSON.writeString(meta.commandID, into: &out)
        if let consentID = meta.consentID {
            JSON.writeMemberName("consentid", into: &out)
            JSON.writeString(consentID, into: &out)
        }
        JSON.writeMemberName("data", into: &out)
        if let data { out.append(contentsOf: data) } else { recorded.event.data.write(into: &out) }
        JSON.writeMemberName("datacontenttype", into: &out)
        JSON.writeString(CommandEnvelope.contentType, into: &out)
        JSON.writeMemberName("eventhash", into: &out)
        out.append(UInt8(ascii: "\""))
        for byte in hash {
            out.append(hexDigits[Int(byte >> 4)])
            out.append(hexDigits[Int(byte & 0xF)])
        }
        out.append(UInt8(ascii: "\""))
        JSON.writeMemberName("id", into: &out)
        JSON.writeString(meta.eventID, into: &out)
        if let onBehalfOf = meta.onBehalfOf {
            JSON.writeMemberName("onbehalfof", into: &out)
            JSON.writeString(onBehalfOf, into: &out)
        }
        JSON.writeMemberName("position", into: &out)
        out.append(contentsOf: String(recorded.position).utf8)
        JSON.writeMemberName("recordedat", into: &out)
        JSON.writeString(meta.recordedAt.rfc3339, into: &out)
        JSON.writeMemberName("sequence", into: &out)
        out.append(contentsOf: String(recorded.version).utf8)
        JSON.writeMemberName("source", into: &out)
        JSON.writeString(source, into: &out)
        JSON.writeMemberName("specversion", into: &out)
        JSON.writeString(CommandEnvelope.specVersion, into: &out)
        JSON.writeMemberName("streamtype", into: &out)
        JSON.writeString(recorded.aggregate.rawValue, into: &out)
        JSON.writeMemberName("subject", into: &out)
        JSON.writeString(recorded.streamID, into: &out)
        JSON.writeMemberName("time", into: &out)
        JSON.writeString(meta.occurredAt.rfc3339, into: &out)
        JSON.writeMemberName("type", into: &out)
        out.append(UInt8(ascii: "\""))
        out.append(contentsOf: DomainEvent.prefix.utf8)
        out.append(contentsOf: recorded.event.typeName.utf8)
        out.append(UInt8(ascii: "\""))
        out.append(UInt8(ascii: "}"))
        return out
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}
