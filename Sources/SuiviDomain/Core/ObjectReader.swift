/// Reads the members of one JSON object, collecting a ``Violation`` for each problem instead of
/// stopping at the first, so that an integrator sees everything wrong with a message at once.
///
/// The rules it applies mirror the JSON Schemas in `Schemas/`: a conformance test keeps them in step.
public struct ObjectReader {
    public let path: String
    private let members: [String: JSON]
    private var seen: Set<String> = []
    public private(set) var violations: [Violation] = []

    /// Starts reading `value` at `path`; records a violation when it is not an object.
    public init(_ value: JSON?, path: String) {
        self.path = path
        if case .object(let members)? = value {
            self.members = members
        } else {
            self.members = [:]
            violations.append(Violation(path: path, code: .type, message: "must be an object, found \(value?.typeName ?? "nothing")"))
        }
    }

    public var isObject: Bool { violations.first?.path != path || violations.first?.code != .type }

    private func at(_ key: String) -> String { path + "." + key }

    public mutating func fail(_ key: String, _ code: Violation.Code, _ message: String) {
        violations.append(Violation(path: at(key), code: code, message: message))
    }

    public mutating func append(_ other: [Violation]) { violations.append(contentsOf: other) }

    /// The raw member, marking it as known.
    public mutating func raw(_ key: String) -> JSON? {
        seen.insert(key)
        return members[key]
    }

    /// A string member.
    ///
    /// - Parameters:
    ///   - required: record a violation when absent.
    ///   - maxLength: longest accepted, in characters (Unicode scalars, as JSON Schema counts them).
    ///   - pattern: a check and the pattern text shown when it fails.
    public mutating func string(
        _ key: String,
        required: Bool = true,
        minLength: Int = 1,
        maxLength: Int = 500,
        pattern: Pattern? = nil
    ) -> String? {
        guard let value = raw(key) else {
            if required { fail(key, .required, "is required") }
            return nil
        }
        guard case .string(let text) = value else {
            fail(key, .type, "must be a string, found \(value.typeName)")
            return nil
        }
        let length = text.unicodeScalars.count
        if length < minLength {
            fail(key, .minLength, minLength == 1 ? "must not be empty" : "must have at least \(minLength) characters")
            return nil
        }
        if length > maxLength {
            fail(key, .maxLength, "must have at most \(maxLength) characters, found \(length)")
            return nil
        }
        if let pattern, !pattern.check(text) {
            fail(key, .pattern, "must match \(pattern.text), found \"\(text.prefix(60))\"")
            return nil
        }
        return text
    }

    /// A member whose value must be one of an enumeration's raw values.
    public mutating func enumeration<E: RawRepresentable & CaseIterable>(_ key: String, _ type: E.Type, required: Bool = true) -> E?
    where E.RawValue == String {
        guard let value = raw(key) else {
            if required { fail(key, .required, "is required") }
            return nil
        }
        guard case .string(let text) = value else {
            fail(key, .type, "must be a string, found \(value.typeName)")
            return nil
        }
        guard let member = E(rawValue: text) else {
            fail(key, .enumeration, "must be one of \(E.allCases.map { $0.rawValue }.joined(separator: ", ")), found \"\(text.prefix(60))\"")
            return nil
        }
        return member
    }

    /// An array of distinct enumeration values.
    public mutating func enumerationSet<E: RawRepresentable & CaseIterable & Hashable>(
        _ key: String, _ type: E.Type, required: Bool = true, minItems: Int = 1
    ) -> [E]? where E.RawValue == String {
        guard let value = raw(key) else {
            if required { fail(key, .required, "is required") }
            return nil
        }
        guard case .array(let elements) = value else {
            fail(key, .type, "must be an array, found \(value.typeName)")
            return nil
        }
        if elements.count < minItems {
            fail(key, .minItems, "must list at least \(minItems) item\(minItems == 1 ? "" : "s")")
            return nil
        }
        var result: [E] = []
        var ok = true
        for (index, element) in elements.enumerated() {
            let elementPath = "\(at(key))[\(index)]"
            guard case .string(let text) = element else {
                violations.append(Violation(path: elementPath, code: .type, message: "must be a string, found \(element.typeName)"))
                ok = false
                continue
            }
            guard let member = E(rawValue: text) else {
                violations.append(Violation(path: elementPath, code: .enumeration,
                    message: "must be one of \(E.allCases.map { $0.rawValue }.joined(separator: ", ")), found \"\(text.prefix(60))\""))
                ok = false
                continue
            }
            result.append(member)
        }
        guard ok else { return nil }
        if Set(result).count != result.count {
            fail(key, .uniqueItems, "must not list the same item twice")
            return nil
        }
        return result
    }

    /// An RFC 3339 date-time member.
    public mutating func timestamp(_ key: String, required: Bool = true) -> Timestamp? {
        guard let text = string(key, required: required, maxLength: 40) else { return nil }
        guard let stamp = Timestamp(rfc3339: text) else {
            fail(key, .format, "must be an RFC 3339 date-time with a time zone, such as 2026-03-01T09:30:00Z, found \"\(text)\"")
            return nil
        }
        return stamp
    }

    /// Records a violation for every member that no reader asked for.
    public mutating func rejectUnknownMembers() {
        for key in members.keys.sorted() where !seen.contains(key) {
            fail(key, .additionalProperties, "is not a known member; remove it or check its spelling")
        }
    }
}
