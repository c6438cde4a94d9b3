/// Turns a published message into a ``Command``, or a ``DecodingFailure`` that lists every violation with
/// where it is (a JSON path, or in binary mode the header). Checks the size before parsing.
///
/// What it accepts is exactly what `Schemas/envelope.schema.json` and `Schemas/commands/*.schema.json`
/// accept; every violation's code is the JSON Schema keyword that fails (``Violation/Code``). Both content
/// modes of the CloudEvents Kafka binding decode to the same command, with the same fingerprint.
public enum CommandDecoder {
    /// The major versions of the contract that a `dataschema` may name (`.../v1/...`); see `Schemas/README.md`.
    public static let acceptedMajorVersions = [1]

    /// Decodes a message in either content mode, told apart by its headers (``ContentMode/of(_:value:)``).
    public static func decode(value: [UInt8], headers: [MessageHeader]) -> Result<Command, DecodingFailure> {
        switch ContentMode.of(headers, value: value) {
        case .structured: decode(value)
        case .binary: decodeBinary(value: value, headers: headers)
        }
    }

    /// Decodes the value of a structured-mode message: the whole CloudEvent as a JSON envelope.
    public static func decode(_ bytes: [UInt8]) -> Result<Command, DecodingFailure> {
        if bytes.count > CommandEnvelope.maximumBytes {
            return .failure(DecodingFailure([oversize(bytes.count)]))
        }
        let json: JSON
        let holdsNUL: Bool
        let canonicalData: [UInt8]?
        do {
            (json, holdsNUL, canonicalData) = try JSONParser.parseNoting(bytes, canonicalMember: "data")
        } catch {
            return .failure(DecodingFailure([Violation(path: "$", code: .syntax, message: error.description)]))
        }
        if holdsNUL, let path = json.firstNUL() {
            return .failure(DecodingFailure([nul(at: path)], identity: identify(json)))
        }
        return decode(json, canonicalData: canonicalData)
    }

    /// Decodes a message already parsed.
    public static func decode(_ json: JSON) -> Result<Command, DecodingFailure> {
        decode(json, canonicalData: nil)
    }

    /// Decodes a message already parsed, given the canonical bytes of its `data` when the parser found them.
    static func decode(_ json: JSON, canonicalData: [UInt8]?) -> Result<Command, DecodingFailure> {
        var reader = ObjectReader(json, path: "$")
        guard reader.isObject else { return .failure(DecodingFailure(reader.violations)) }
        _ = reader.constant("specversion", CommandEnvelope.specVersion)
        let id = reader.string("id", maxLength: 128, pattern: Pattern.identifier)
        let source = reader.string("source", maxLength: 500)
        // The schemas give `type` as an `enum` of the command types; the decoder reports its own code
        // (`unknownType`) for it, which operators know as a dead-letter reason.
        var type: CommandType? = nil
        var typeName: String? = nil
        if let value = reader.raw("type") {
            if case .string(let text) = value, text.hasPrefix(CommandType.prefix),
                let known = CommandType(cloudEventType: text)
            {
                type = known
                typeName = String(text.dropFirst(CommandType.prefix.count))
            } else {
                let found = value.stringValue.map { "\"\($0.prefix(80))\"" } ?? value.typeName
                let expected = CommandType.acceptedNames.map { CommandType.prefix + $0 }.joined(separator: ", ")
                reader.fail("type", .unknownType, "is not a Suivi command type; expected one of \(expected), found \(found)")
            }
        } else {
            reader.fail("type", .required, "is required")
        }
        let subject = reader.string("subject", maxLength: 128, pattern: Pattern.identifier)
        let time = reader.timestamp("time")
        _ = reader.constant("datacontenttype", CommandEnvelope.contentType, required: false)
        let dataSchema = reader.string("dataschema", required: false, maxLength: 500)
        if let dataSchema, let major = Self.majorVersion(named: dataSchema), !acceptedMajorVersions.contains(major) {
            reader.fail(
                "dataschema", .not,
                "names major version \(major) of the contract, which Suivi does not accept; it accepts major version \(acceptedMajorVersions.map(String.init).joined(separator: ", ")) (a dataschema such as https://suivi.invalid/schemas/v1/commands/\(typeName ?? "GiveConsent").schema.json, or none)"
            )
        }
        let actor = reader.string("actor", maxLength: 200)
        let role = reader.enumeration("actorrole", ActorRole.self)
        let onBehalfOf = reader.string("onbehalfof", required: false, maxLength: 200)
        let traceparent = reader.string("traceparent", required: false, maxLength: 200)
        let tracestate = reader.string("tracestate", required: false, maxLength: 500)
        let partitionKey = reader.string("partitionkey", required: false, maxLength: 200)
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

        guard reader.violations.isEmpty, let id, let source, let type, let typeName, let subject, let time, let actor,
            let role, let payload, let data
        else {
            let identity = id.map {
                MessageIdentity(id: $0, subject: subject, typeName: typeName, source: source, traceparent: traceparent)
            }
            return .failure(DecodingFailure(reader.violations, identity: identity))
        }
        var envelope = CommandEnvelope(
            id: id, source: source, type: type, subject: subject, time: time,
            dataSchema: dataSchema, actor: actor, actorRole: role, onBehalfOf: onBehalfOf, data: data,
            typeName: typeName, traceparent: traceparent, tracestate: tracestate, partitionKey: partitionKey
        )
        envelope.dataBytes = KnownBytes(canonicalData)
        return .success(Command(envelope: envelope, payload: payload))
    }

    /// The identity of a parsed message that will not decode: its id, subject, type, source and trace
    /// context, each only when it is valid by itself.
    static func identify(_ json: JSON) -> MessageIdentity? {
        switch decode(json) {
        case .success(let command):
            return MessageIdentity(
                id: command.id, subject: command.streamID, typeName: command.envelope.typeName,
                source: command.envelope.source, traceparent: command.envelope.traceparent)
        case .failure(let failure):
            return failure.identity
        }
    }

    /// The major version a `dataschema` names with a `v<N>` path segment (`.../v2/...`, `...#v2`,
    /// `.../v2.1/...`), or nil when it names none (free text, accepted as before). When it names several,
    /// the first that Suivi does not accept, as the schema's `not` pattern finds any.
    static func majorVersion(named dataSchema: String) -> Int? {
        let bytes = Array(dataSchema.utf8)
        var found: Int? = nil
        var index = 0
        while index < bytes.count {
            let atBoundary = index == 0 || [UInt8(ascii: "/"), UInt8(ascii: "#"), UInt8(ascii: ":")].contains(bytes[index - 1])
            if atBoundary, bytes[index] == UInt8(ascii: "v") {
                var end = index + 1
                var value = 0
                while end < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[end]) {
                    value = min(value * 10 + Int(bytes[end] - UInt8(ascii: "0")), 1_000_000)
                    end += 1
                }
                let terminated = end == bytes.count || [UInt8(ascii: "/"), UInt8(ascii: "."), UInt8(ascii: "#")].contains(bytes[end])
                if end > index + 1, terminated {
                    if !acceptedMajorVersions.contains(value) { return value }
                    found = found ?? value
                }
            }
            index += 1
        }
        return found
    }

    static func oversize(_ count: Int) -> Violation {
        Violation(path: "$", code: .oversize, message: "the message has \(count) bytes; the limit is \(CommandEnvelope.maximumBytes)")
    }

    static func nul(at path: String) -> Violation {
        Violation(path: path, code: .nul, message: "holds U+0000 (NUL), which cannot be stored; remove it")
    }
}
