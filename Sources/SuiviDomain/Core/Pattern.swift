/// A character rule for a string, written as a plain check (no regular expressions on the hot path),
/// with the pattern text that the JSON Schemas use, so that messages and schemas agree.
public struct Pattern: Sendable {
    public let text: String
    public let check: @Sendable (String) -> Bool

    public init(_ text: String, _ check: @escaping @Sendable (String) -> Bool) {
        self.text = text
        self.check = check
    }

    /// Message ids, aggregate ids and references.
    public static let identifier = Pattern("^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$") { text in
        let bytes = text.utf8
        guard let first = bytes.first, bytes.count <= 128, isAlphanumeric(first) else { return false }
        return bytes.allSatisfy {
            isAlphanumeric($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: "-")
        }
    }

    /// ISO 3166-1 alpha-3 country codes.
    public static let alpha3 = Pattern("^[A-Z]{3}$") { text in
        text.utf8.count == 3 && text.utf8.allSatisfy { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }
    }

    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }
}
