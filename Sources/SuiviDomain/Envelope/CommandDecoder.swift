/// Turns the bytes of a published message into a ``Command``, or a ``DecodingFailure`` that lists every
/// violation with its JSON path. Checks the size before parsing.
///
/// What it accepts is exactly what `Schemas/envelope.schema.json` and `Schemas/commands/*.schema.json`
/// accept; every violation's code is the JSON Schema keyword that fails (``Violation/Code``).
public enum CommandDecoder {
    /// Decodes the bytes of one message.
    public static func decode(_ bytes: [UInt8]) -> Result<Command, DecodingFailure> {
        if bytes.count > CommandEnvelope.maximumBytes {
            return .failure(
                DecodingFailure([
                    Violation(
                        path: "$", code: .oversize,
                        message: "the message has \(bytes.count) bytes; the limit is \(CommandEnvelope.maximumBytes)")
                ]))
        }
        let json: JSON
        do {
            json = try JSONParser.parse(bytes)
        } catch {
            return .failure(DecodingFailure([Violation(path: "$", code: .syntax, message: error.description)]))
        }
        if let path = json.firstNUL() {
            return .failure(
                DecodingFailure([
                    Violation(path: path, code: .nul, message: "holds U+0000 (NUL), which cannot be stored; remove it")
                ]))
        }
        return decode(json)
    }

    /// Decodes a message already parsed.
    public static func decode(_ json: JSON) -> Result<Command, DecodingFailure> {
        var reader = ObjectReader(json, path: "$")
        guard reader.isObject else { return .failure(DecodingFailure(reader.violations)) }
        _ = reader.constant("specversion", CommandEnvelope.specVersion)
        let id = reader.string("id", maxLength: 128, pattern: Pattern.identifier)
        let source = reader.string("source", maxLength: 500)
        // The schemas give `type` as an `enum` of the command types; the decoder reports its own code
        // (`unknownType`) for it, which operators know as a dead-letter reason.
        var type: CommandType? = nil
        if let value = reader.raw("type") {
            if case .string(let text) = value, let known = CommandType(cloudEventType: text) {
                type = known
            } else {
                let found = value.stringValue.map { "\"\($0.prefix(80))\"" } ?? value.typeName
                reader.fail(
                    "type", .unknownType,
                    "is not a Suivi command type; expected one of \(CommandType.allCases.map(\.cloudEventType).joined(separator: ", ")), found \(found)"
                )
            }
        } else {
            reader.fail("type", .required, "is required")
        }
        let subject = reader.string("subject", maxLength: 128, pattern: Pattern.identifier)
        let time = reader.timestamp("time")
        _ = reader.constant("datacontenttype", CommandEnvelope.contentType, required: false)
        let dataSchema = reader.string("dataschema", required: false, maxLength: 500)
        let actor = reader.string("actor", maxLength: 200)
        let role = reader.enumeration("actorrole", ActorRole.self)
        let onBehalfOf = reader.string("onbehalfof", required: false, maxLength: 200)
        _ = reader.string("traceparent", required: false, maxLength: 200)
        _ = reader.string("tracestate", required: false, maxLength: 500)
        let data = reader.raw("data")
        reader.rejectUnknownMembers()

        var payload: CommandPayload? = nil
        if data == nil {
            reader.fail("data", .required, "is required")
        } else if let type {
            switch CommandPayload.decode(type: type, data: data, path: "$.data") {
            case .success(let decoded): payload = decoded
            case .failure(let failure): reader.append(failure.violations)
            }
        } else if data?.objectValue == nil {
            reader.fail("data", .type, "must be an object, found \(data?.typeName ?? "nothing")")
        }

        guard reader.violations.isEmpty, let id, let source, let type, let subject, let time, let actor, let role,
            let payload, let data
        else { return .failure(DecodingFailure(reader.violations)) }
        let envelope = CommandEnvelope(
            id: id, source: source, type: type, subject: subject, time: time,
            dataSchema: dataSchema, actor: actor, actorRole: role, onBehalfOf: onBehalfOf, data: data
        )
        return .success(Command(envelope: envelope, payload: payload))
    }
}
