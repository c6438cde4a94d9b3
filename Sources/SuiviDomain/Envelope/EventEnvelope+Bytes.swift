extension EventEnvelope {
    /// The canonical bytes of ``json(_:hash:)``, written member by member in their sorted order instead of
    /// building the object and sorting its keys: the relay writes one per event it publishes. `data` is the
    /// event's data already in canonical bytes, when the caller has them. A test holds the two byte for byte
    /// equal.
    public static func bytes(_ recorded: RecordedEvent, hash: [UInt8], data: [UInt8]? = nil) -> [UInt8] {
        let meta = recorded.metadata
        var out: [UInt8] = []
        out.reserveCapacity(512 + (data?.count ?? 256))
        func member(_ name: StaticString, first: Bool = false) {
            out.append(first ? UInt8(ascii: "{") : UInt8(ascii: ","))
            out.append(UInt8(ascii: "\""))
            name.withUTF8Buffer { out.append(contentsOf: $0) }
            out.append(UInt8(ascii: "\""))
            out.append(UInt8(ascii: ":"))
        }
        member("actor", first: true)
        JSON.writeString(meta.actor, into: &out)
        member("actorrole")
        JSON.writeString(meta.actorRole.rawValue, into: &out)
        member("commandid")
        JSON.writeString(meta.commandID, into: &out)
        if let consentID = meta.consentID {
            member("consentid")
            JSON.writeString(consentID, into: &out)
        }
        member("data")
        if let data { out.append(contentsOf: data) } else { recorded.event.data.write(into: &out) }
        member("datacontenttype")
        JSON.writeString(CommandEnvelope.contentType, into: &out)
        member("eventhash")
        out.append(UInt8(ascii: "\""))
        for byte in hash {
            out.append(hexDigits[Int(byte >> 4)])
            out.append(hexDigits[Int(byte & 0xF)])
        }
        out.append(UInt8(ascii: "\""))
        member("id")
        JSON.writeString(meta.eventID, into: &out)
        if let onBehalfOf = meta.onBehalfOf {
            member("onbehalfof")
            JSON.writeString(onBehalfOf, into: &out)
        }
        member("position")
        out.append(contentsOf: String(recorded.position).utf8)
        member("recordedat")
        JSON.writeString(meta.recordedAt.rfc3339, into: &out)
        member("sequence")
        out.append(contentsOf: String(recorded.version).utf8)
        member("source")
        JSON.writeString(source, into: &out)
        member("specversion")
        JSON.writeString(CommandEnvelope.specVersion, into: &out)
        member("streamtype")
        JSON.writeString(recorded.aggregate.rawValue, into: &out)
        member("subject")
        JSON.writeString(recorded.streamID, into: &out)
        member("time")
        JSON.writeString(meta.occurredAt.rfc3339, into: &out)
        member("type")
        out.append(UInt8(ascii: "\""))
        out.append(contentsOf: DomainEvent.prefix.utf8)
        out.append(contentsOf: recorded.event.typeName.utf8)
        out.append(UInt8(ascii: "\""))
        out.append(UInt8(ascii: "}"))
        return out
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}
