/// A value bound to a `$n` parameter. Values travel separately from the SQL text, so they are never
/// spliced into a statement.
public enum PostgresValue: Sendable, Hashable {
    case null
    case text(String)
    case int(Int64)
    case bool(Bool)
    case double(Double)
    /// Raw bytes, sent in binary format (a `bytea` parameter).
    case bytes([UInt8])
    /// A one-dimensional array literal of texts, for `unnest($1::text[])` batch statements.
    case textArray([String?])
    /// A one-dimensional array of integers, for `unnest($1::bigint[])` batch statements.
    case intArray([Int64?])
    /// A one-dimensional array of byte strings, for `unnest($1::bytea[])` batch statements.
    case bytesArray([[UInt8]?])

    /// True when the value goes over the wire in binary format.
    var isBinary: Bool {
        if case .bytes = self { return true }
        return false
    }

    /// The bytes libpq sends for this value, or nil for SQL NULL. Text values are NUL-terminated.
    func wireBytes() -> [UInt8]? {
        switch self {
        case .null: return nil
        case .text(let string): return Array(string.utf8) + [0]
        case .int(let value): return Array(String(value).utf8) + [0]
        case .bool(let value): return Array((value ? "t" : "f").utf8) + [0]
        case .double(let value): return Array(String(value).utf8) + [0]
        case .bytes(let bytes): return bytes
        case .textArray(let values): return Self.arrayLiteral(values.map { $0.map(Self.quoted) }) + [0]
        case .intArray(let values): return Self.arrayLiteral(values.map { $0.map { String($0) } }) + [0]
        case .bytesArray(let values):
            return Self.arrayLiteral(values.map { $0.map { Self.quoted("\\x" + Hex.encode($0)) } }) + [0]
        }
    }

    private static func arrayLiteral(_ elements: [String?]) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "{")]
        out.reserveCapacity(elements.count * 16 + 2)
        for (index, element) in elements.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            if let element { out.append(contentsOf: element.utf8) } else { out.append(contentsOf: "NULL".utf8) }
        }
        out.append(UInt8(ascii: "}"))
        return out
    }

    /// Quotes one array element: double quotes around it, backslash before `"` and `\`.
    private static func quoted(_ string: String) -> String {
        var out = "\""
        out.reserveCapacity(string.utf8.count + 2)
        for scalar in string.unicodeScalars {
            if scalar == "\"" || scalar == "\\" { out.unicodeScalars.append("\\") }
            out.unicodeScalars.append(scalar)
        }
        out += "\""
        return out
    }
}

extension PostgresValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByNilLiteral {
    public init(stringLiteral value: String) { self = .text(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(nilLiteral: ()) { self = .null }
}
