/// Rows in `COPY ... FROM STDIN` text format, written field by field straight into one byte buffer:
/// tab between fields, newline after each row, `\N` for NULL, and backslash escapes for `\`, tab,
/// newline and carriage return inside values. The server reads it with each column's input function,
/// with no JSON or array-of-rows to parse first.
///
/// Every row must have `columns` fields, in the order of the COPY statement's column list.
public struct CopyRows: Sendable {
    /// The encoded rows, ready for ``PostgresConnection/copyIn(_:chunks:)``.
    public private(set) var bytes: [UInt8] = []
    /// Rows finished with ``endRow()``.
    public private(set) var count = 0
    /// Fields per row.
    public let columns: Int
    private var fields = 0

    /// - Parameters:
    ///   - columns: fields per row.
    ///   - reservingBytes: a guess of the encoded size, to grow the buffer once.
    public init(columns: Int, reservingBytes: Int = 0) {
        self.columns = columns
        bytes.reserveCapacity(reservingBytes)
    }

    public var isEmpty: Bool { count == 0 }

    /// Ends the current row. Its field count must be `columns` (a programming error otherwise).
    public mutating func endRow() {
        precondition(fields == columns, "a COPY row has \(fields) fields for \(columns) columns")
        bytes.append(UInt8(ascii: "\n"))
        fields = 0
        count += 1
    }

    /// A text value (or NULL).
    public mutating func add(_ text: String?) {
        separate()
        guard var text else { return null() }
        text.withUTF8 { Self.appendEscaped($0, to: &bytes, quoting: false) }
    }

    /// An integer (or NULL).
    public mutating func add(_ value: Int?) {
        separate()
        guard let value else { return null() }
        Self.appendDecimal(value, to: &bytes)
    }

    /// An integer (or NULL).
    public mutating func add(_ value: Int64?) { add(value.map(Int.init)) }

    /// A boolean (or NULL).
    public mutating func add(_ value: Bool?) {
        separate()
        guard let value else { return null() }
        bytes.append(value ? UInt8(ascii: "t") : UInt8(ascii: "f"))
    }

    /// A one-dimensional `text[]` value: `{"a","b"}`, each element quoted for the array and the whole
    /// escaped for COPY.
    public mutating func add<Texts: Sequence<String>>(array elements: Texts) {
        separate()
        bytes.append(UInt8(ascii: "{"))
        var first = true
        for var element in elements {
            if !first { bytes.append(UInt8(ascii: ",")) }
            first = false
            bytes.append(UInt8(ascii: "\""))
            element.withUTF8 { Self.appendEscaped($0, to: &bytes, quoting: true) }
            bytes.append(UInt8(ascii: "\""))
        }
        bytes.append(UInt8(ascii: "}"))
    }

    /// SQL NULL.
    public mutating func addNull() {
        separate()
        null()
    }

    private mutating func separate() {
        if fields > 0 { bytes.append(UInt8(ascii: "\t")) }
        fields += 1
    }

    private mutating func null() {
        bytes.append(UInt8(ascii: "\\"))
        bytes.append(UInt8(ascii: "N"))
    }

    /// Appends `text` escaped for COPY; with `quoting`, also as a double-quoted array element (a
    /// backslash before `"` and `\`, the backslash itself then escaped for COPY).
    private static func appendEscaped(_ text: UnsafeBufferPointer<UInt8>, to out: inout [UInt8], quoting: Bool) {
        var clean = true
        for byte in text where byte == UInt8(ascii: "\\") || byte < 0x20 || (quoting && byte == UInt8(ascii: "\"")) {
            clean = false
            break
        }
        if clean {
            out.append(contentsOf: text)
            return
        }
        for byte in text {
            switch byte {
            case UInt8(ascii: "\\"):
                // `\` is `\\` in an array element, and each of those is `\\` in COPY.
                out.append(contentsOf: quoting ? [0x5C, 0x5C, 0x5C, 0x5C] : [0x5C, 0x5C])
            case UInt8(ascii: "\"") where quoting:
                out.append(contentsOf: [0x5C, 0x5C, UInt8(ascii: "\"")])
            case UInt8(ascii: "\t"): out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case UInt8(ascii: "\n"): out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case UInt8(ascii: "\r"): out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            default: out.append(byte)
            }
        }
    }

    private static func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        if value == 0 { return out.append(UInt8(ascii: "0")) }
        var magnitude = value.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: room for 20 digits
        var length = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            while magnitude > 0 {
                buffer[23 - length] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                length += 1
            }
            if value < 0 { out.append(UInt8(ascii: "-")) }
            out.append(contentsOf: buffer[(24 - length)...])
        }
    }
}
