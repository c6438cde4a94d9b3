/// Binary content mode (CloudEvents Kafka protocol binding, section 3.2): each attribute is a `ce_`
/// header in UTF-8, `content-type` is `datacontenttype`, and the message value is `data`.
///
/// The headers and the value are read into the same JSON envelope that structured mode carries, and that
/// envelope is decoded by ``CommandDecoder/decode(_:)-(JSON)``: the rules are the same in both modes, and so
/// is the command's fingerprint (a command sent once in each mode is a duplicate, not a conflict).
/// Violations of attributes name their header (`header ce_type`); those inside `data` keep their path
/// (`$.data.scope.validFrom`), as `Schemas/tools/validate.py` reports them for the structured form.
extension CommandDecoder {
    static func decodeBinary(value: [UInt8], headers: [MessageHeader]) -> Result<Command, DecodingFailure> {
        var size = value.count
        for header in headers { size += header.name.utf8.count + (header.value?.count ?? 0) }
        if size > CommandEnvelope.maximumBytes {
            let failure = DecodingFailure([oversize(size)])
            return .failure(DecodingFailure(failure.violations, identity: headerIdentity(headers)))
        }
        var violations: [Violation] = []
        var members: [String: JSON] = [:]
        for header in headers {
            let attribute: String
            if header.name.lowercased() == MessageHeader.contentType {
                attribute = "datacontenttype"
            } else if header.name == MessageHeader.attributePrefix + "datacontenttype" {
                // The binding carries datacontenttype in content-type, never as a ce_ header.
                violations.append(Violation(
                    path: "header \(header.name)", code: .additionalProperties,
                    message: "is not a binary-mode header: the binding carries datacontenttype in the content-type header; send content-type: application/json instead"))
                continue
            } else if header.name.hasPrefix(MessageHeader.attributePrefix) {
                attribute = String(header.name.dropFirst(MessageHeader.attributePrefix.count))
            } else {
                continue  // not CloudEvents: a transport's or a tool's own header
            }
            guard let bytes = header.value, let text = String(validating: bytes, as: UTF8.self) else {
                violations.append(Violation(
                    path: Self.headerPath(attribute), code: .type,
                    message: header.value == nil ? "has no value; give the attribute as UTF-8 text" : "is not valid UTF-8"))
                continue
            }
            if members[attribute] != nil {
                violations.append(Violation(
                    path: Self.headerPath(attribute), code: .type, message: "appears more than once; send each attribute once"))
                continue
            }
            if text.unicodeScalars.contains("\u{0}") {
                violations.append(nul(at: Self.headerPath(attribute)))
                continue
            }
            members[attribute] = .string(attribute == "datacontenttype" ? Self.mediaType(text) : text)
        }
        if !value.isEmpty {
            do {
                let data = try JSONParser.parse(value)
                if let path = data.firstNUL() {
                    violations.append(nul(at: "$.data" + path.dropFirst()))
                }
                members["data"] = data
            } catch {
                violations.append(Violation(
                    path: "value", code: .syntax,
                    message: "the message value must be the command's data as JSON (binary content mode): \(error.description)"))
            }
        }
        let decoded = decode(.object(members))
        switch decoded {
        case .success(let command) where violations.isEmpty:
            return .success(command)
        case .success(let command):
            let identity = MessageIdentity(
                id: command.id, subject: command.streamID, typeName: command.envelope.typeName,
                source: command.envelope.source, traceparent: command.envelope.traceparent)
            return .failure(DecodingFailure(violations, identity: identity))
        case .failure(let failure):
            let all = violations + failure.violations.compactMap { violation -> Violation? in
                // A `data` whose JSON did not parse is reported once, as the value's syntax error.
                if violation.path == "$.data", members["data"] == nil, violations.contains(where: { $0.path == "value" }) {
                    return nil
                }
                return Self.binaryLocation(violation)
            }
            return .failure(DecodingFailure(all, identity: failure.identity ?? headerIdentity(headers)))
        }
    }

    /// Where a violation of the equivalent envelope is in a binary-mode message.
    static func binaryLocation(_ violation: Violation) -> Violation {
        var moved = violation
        if violation.path == "$.data" {
            moved.path = "value"
        } else if violation.path.hasPrefix("$.data.") || violation.path.hasPrefix("$.data[") {
            // Inside data: the same path as in the structured form.
        } else if violation.path.hasPrefix("$.") {
            let attribute = String(violation.path.dropFirst(2).prefix { $0 != "." && $0 != "[" })
            moved.path = headerPath(attribute)
        }
        return moved
    }

    /// The header that carries an attribute.
    static func headerPath(_ attribute: String) -> String {
        attribute == "datacontenttype" ? "header content-type" : "header \(MessageHeader.attributePrefix)\(attribute)"
    }

    /// `application/json; charset=utf-8` is `application/json`: JSON is UTF-8, and clients add the parameter.
    static func mediaType(_ text: String) -> String {
        let parts = text.split(separator: ";", maxSplits: 1).map { $0.trimmingWhitespace() }
        guard parts.count == 2, parts[1].lowercased().filter({ $0 != " " && $0 != "\t" }) == "charset=utf-8" else { return text }
        return String(parts[0])
    }

    /// The identity from the headers alone (an oversize message is not parsed).
    static func headerIdentity(_ headers: [MessageHeader]) -> MessageIdentity? {
        func attribute(_ name: String) -> String? {
            headers.first { $0.name == MessageHeader.attributePrefix + name }?.value.flatMap { String(validating: $0, as: UTF8.self) }
        }
        guard let id = attribute("id"), Pattern.identifier.check(id) else { return nil }
        let subject = attribute("subject").flatMap { Pattern.identifier.check($0) ? $0 : nil }
        let typeName = attribute("type").flatMap { text in
            CommandType(cloudEventType: text) == nil ? nil : String(text.dropFirst(CommandType.prefix.count))
        }
        let source = attribute("source").flatMap { (1...500).contains($0.unicodeScalars.count) ? $0 : nil }
        let traceparent = attribute("traceparent").flatMap { (1...200).contains($0.unicodeScalars.count) ? $0 : nil }
        return MessageIdentity(id: id, subject: subject, typeName: typeName, source: source, traceparent: traceparent)
    }
}

extension Substring {
    fileprivate func trimmingWhitespace() -> Substring {
        var text = self
        while text.first == " " || text.first == "\t" { text = text.dropFirst() }
        while text.last == " " || text.last == "\t" { text = text.dropLast() }
        return text
    }
}
