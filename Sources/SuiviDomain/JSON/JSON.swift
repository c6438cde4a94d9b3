/// A JSON value, as read from a message or written to one.
///
/// Numbers keep their literal text so nothing is lost between reading and writing; objects keep their
/// members sorted by name (``Members``) and are written in that order, which makes ``JSON/canonicalBytes``
/// a stable input for hashes and fingerprints.
public enum JSON: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSON])
    case object(Members)

    public subscript(key: String) -> JSON? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    public var intValue: Int? {
        if case .number(let text) = self { return Int(text) }
        return nil
    }

    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    public var arrayValue: [JSON]? {
        if case .array(let values) = self { return values }
        return nil
    }

    /// An object of a dictionary's members.
    public static func object(_ members: [String: JSON]) -> JSON { .object(Members(members)) }

    public var objectValue: Members? {
        if case .object(let members) = self { return members }
        return nil
    }

    /// The JSON type name, as JSON Schema spells it, for error messages.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number(let text): Int(text) != nil ? "integer" : "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    public static func int(_ value: Int) -> JSON { .number(String(value)) }
}

extension JSON: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .number(String(value)) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSON...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSON)...) {
        self = .object(Members(uniqueKeysWithValues: elements))
    }
    public init(nilLiteral: ()) { self = .null }
}
