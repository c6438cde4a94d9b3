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
    /// A one-dimensional array in binary format (``PostgresArray``), for the batches of thousands of rows.
    case array(PostgresArray)

    /// True when the value goes over the wire in binary format.
    var isBinary: Bool {
        switch self {
        case .bytes, .array: true
        default: false
        }
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
        case .array(let array): return array.wire
        case .textArray(let values):
            return Self.arrayLiteral(values) { out, value in Self.appendQuoted(value.utf8, to: &out) }
        case .intArray(let values):
            return Self.arrayLiteral(values) { out, value in out.append(contentsOf: String(value).utf8) }
        case .bytesArray(let values):
            return Self.arrayLiteral(values) { out, value in Self.appendQuotedHex(value, to: &out) }
        }
    }

    /// `{a,b,NULL}` plus the terminating NUL, written byte by byte: batch statements carry thousands
    /// of elements, and building an intermediate String per element cost a fifth of the decider's time.
    private static func arrayLiteral<Element>(
        _ elements: [Element?], _ append: (inout [UInt8], Element) -> Void
    ) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "{")]
        out.reserveCapacity(elements.count * 24 + 3)
        for (index, element) in elements.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            if let element { append(&out, element) } else { out.append(contentsOf: "NULL".utf8) }
        }
        out.append(UInt8(ascii: "}"))
        out.append(0)
        return out
    }

    /// Quotes one array element: double quotes around it, backslash before `"` and `\`.
    private static func appendQuoted(_ bytes: String.UTF8View, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in bytes {
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { out.append(UInt8(ascii: "\\")) }
            out.append(byte)
        }
        out.append(UInt8(ascii: "\""))
    }

    /// A `bytea` array element in hex format, quoted: `"\\x0a1b"` (the backslash escaped for the array).
    private static func appendQuotedHex(_ bytes: [UInt8], to out: inout [UInt8]) {
        let digits: StaticString = "0123456789abcdef"
        out.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "\\"), UInt8(ascii: "x")])
        digits.withUTF8Buffer { hex in
            for byte in bytes {
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}

extension PostgresValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByNilLiteral {
    public init(stringLiteral value: String) { self = .text(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(nilLiteral: ()) { self = .null }
}
