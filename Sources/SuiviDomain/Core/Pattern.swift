/// A character rule for a string, written as a plain check (no regular expressions on the hot path),
/// with the pattern text that the JSON Schemas use, so that messages and schemas agree.
public struct Pattern: Sendable {
    /// The ECMA-262 regular expression the schemas use for the same rule.
    public let text: String
    /// True when the string follows the rule.
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
            isAlphanumeric($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ":")
                || $0 == UInt8(ascii: "-")
        }
    }

    /// ISO 3166-1 alpha-3 country codes.
    public static let alpha3 = Pattern("^[A-Z]{3}$") { text in
        text.utf8.count == 3 && text.utf8.allSatisfy(isUpper)
    }

    /// Reference-data codes such as a region: lower-case words joined by hyphens (`asia-pacific-states`).
    public static let code = Pattern("^[a-z][a-z0-9]*(-[a-z0-9]+)*$") { text in
        let bytes = Array(text.utf8)
        guard let first = bytes.first, isLower(first), bytes.last != UInt8(ascii: "-") else { return false }
        for (index, byte) in bytes.enumerated() {
            if byte == UInt8(ascii: "-") {
                if bytes[index - 1] == UInt8(ascii: "-") { return false }
            } else if !isLower(byte) && !isDigit(byte) {
                return false
            }
        }
        return true
    }

    /// Symbols of Human Rights Council resolutions, such as `A/HRC/RES/42/30`.
    public static let resolutionSymbol = Pattern("^A/HRC/RES/[0-9]{1,3}/[0-9]{1,4}$") { text in
        guard text.hasPrefix("A/HRC/RES/") else { return false }
        return numberGroups(text.dropFirst(10), [1...3, 1...4])
    }

    /// Symbols of documents of the Council, such as `A/HRC/47/20` or `A/HRC/47/20/Add.1`.
    public static let documentSymbol = Pattern("^A/HRC/[0-9]{1,3}/[0-9]{1,4}(/Add\\.[0-9]{1,2})?$") { text in
        guard text.hasPrefix("A/HRC/") else { return false }
        var rest = Substring(text.dropFirst(6))
        if let range = rest.firstRange(of: "/Add.") {
            guard numberGroups(rest[range.upperBound...], [1...2]) else { return false }
            rest = rest[..<range.lowerBound]
        }
        return numberGroups(rest, [1...3, 1...4])
    }

    /// True when `text` is groups of ASCII digits separated by `/`, with the given digit counts.
    private static func numberGroups(_ text: Substring, _ widths: [ClosedRange<Int>]) -> Bool {
        let groups = text.split(separator: "/", omittingEmptySubsequences: false)
        guard groups.count == widths.count else { return false }
        return zip(groups, widths).allSatisfy { group, width in
            width.contains(group.utf8.count) && group.utf8.allSatisfy(isDigit)
        }
    }

    static func isAlphanumeric(_ byte: UInt8) -> Bool { isLower(byte) || isUpper(byte) || isDigit(byte) }
    static func isLower(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") }
    static func isUpper(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") }
    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
}
