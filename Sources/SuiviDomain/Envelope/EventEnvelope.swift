/// An event as published on the events topic: CloudEvents 1.0 structured JSON, `subject` the stream id
/// (also the Kafka key), with Suivi's extension attributes for its place in the stream and its metadata.
public enum EventEnvelope {
    public static let source = "urn:suivi:decider"

    /// The CloudEvents JSON of a recorded event; `hash` is the event's link in its stream's chain.
    public static func json(_ recorded: RecordedEvent, hash: [UInt8]) -> JSON {
        let meta = recorded.metadata
        var members: [String: JSON] = [
            "specversion": .string(CommandEnvelope.specVersion),
            "id": .string(meta.eventID),
            "source": .string(source),
            "type": .string(DomainEvent.prefix + recorded.event.typeName),
            "subject": .string(recorded.streamID),
            "time": .string(meta.occurredAt.rfc3339),
            "datacontenttype": .string(CommandEnvelope.contentType),
            "streamtype": .string(recorded.aggregate.rawValue),
            "sequence": .int(recorded.version),
            "position": .number(String(recorded.position)),
            "recordedat": .string(meta.recordedAt.rfc3339),
            "commandid": .string(meta.commandID),
            "actor": .string(meta.actor),
            "actorrole": .string(meta.actorRole.rawValue),
            "eventhash": .string(Hex.encode(hash)),
            "data": recorded.event.data,
        ]
        if let value = meta.onBehalfOf { members["onbehalfof"] = .string(value) }
        if let value = meta.consentID { members["consentid"] = .string(value) }
        return .object(members)
    }

    /// Reads an event back from the events topic.
    public static func decode(_ bytes: [UInt8]) -> Result<RecordedEvent, DecodingFailure> {
        let json: JSON
        do { json = try JSONParser.parse(bytes) } catch {
            return .failure(DecodingFailure([Violation(path: "$", code: .syntax, message: error.description)]))
        }
        var reader = ObjectReader(json, path: "$")
        guard reader.isObject else { return .failure(DecodingFailure(reader.violations)) }
        let id = reader.string("id", maxLength: 64)
        let type = reader.string("type", maxLength: 200)
        let subject = reader.string("subject", maxLength: 128)
        let time = reader.timestamp("time")
        let streamType = reader.enumeration("streamtype", AggregateKind.self)
        let sequence = reader.raw("sequence")?.intValue
        let position = reader.raw("position")?.intValue
        let recordedAt = reader.timestamp("recordedat")
        let commandID = reader.string("commandid", maxLength: 128)
        let actor = reader.string("actor", maxLength: 200)
        let role = reader.enumeration("actorrole", ActorRole.self)
        let onBehalfOf = reader.string("onbehalfof", required: false, maxLength: 200)
        let consentID = reader.string("consentid", required: false, maxLength: 128)
        let data = reader.raw("data")
        if sequence == nil { reader.fail("sequence", .required, "is required and must be an integer") }
        guard reader.violations.isEmpty, let id, let type, let subject, let time, let streamType, let sequence,
            let recordedAt, let commandID, let actor, let role, let data
        else { return .failure(DecodingFailure(reader.violations)) }
        guard type.hasPrefix(DomainEvent.prefix) else {
            return .failure(
                DecodingFailure([
                    Violation(path: "$.type", code: .unknownType, message: "not a Suivi event type: \(type)")
                ]))
        }
        return DomainEvent.decode(typeName: String(type.dropFirst(DomainEvent.prefix.count)), data: data).map { event in
            RecordedEvent(
                streamID: subject, aggregate: streamType, version: sequence, position: Int64(position ?? 0),
                event: event,
                metadata: EventMetadata(
                    eventID: id, commandID: commandID, actor: actor, actorRole: role, onBehalfOf: onBehalfOf,
                    occurredAt: time, recordedAt: recordedAt, consentID: consentID))
        }
    }
}

/// Lower-case hexadecimal text of bytes.
public enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        var out: [UInt8] = []
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
