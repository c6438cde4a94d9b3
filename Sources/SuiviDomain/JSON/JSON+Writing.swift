extension JSON {
    /// The value written as compact JSON with object keys sorted: the same value always gives the
    /// same bytes, so these bytes are what hashes and fingerprints are computed over.
    public var canonicalBytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(into: &out)
        return out
    }

    /// The canonical text of ``canonicalBytes``.
    public var canonicalText: String { String(decoding: canonicalBytes, as: UTF8.self) }

    /// Appends the canonical form of this value to `out`.
    public func write(into out: inout [UInt8]) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let value): out.append(contentsOf: (value ? "true" : "false").utf8)
        case .number(let text): out.append(contentsOf: text.utf8)
        case .string(let text): JSON.writeString(text, into: &out)
        case .array(let values):
            out.append(UInt8(ascii: "["))
            for (index, value) in values.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                value.write(into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            // Already sorted by UTF-8 bytes (``Members``), as RFC 8785 sorts ASCII keys; every key Suivi
            // writes is ASCII.
            for (index, member) in members.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                JSON.writeString(member.key, into: &out)
                out.append(UInt8(ascii: ":"))
                member.value.write(into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Whether `a` comes before `b` in UTF-8 byte order (RFC 8785's order for the keys Suivi writes),
    /// compared over the strings' contiguous storage when they have it.
    static func precedes(_ a: String, _ b: String) -> Bool {
        let fast = a.utf8.withContiguousStorageIfAvailable { left in
            b.utf8.withContiguousStorageIfAvailable { right in precedes(left, right) }
        }
        return (fast ?? nil) ?? a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    /// Byte order of two runs of bytes, compared in a plain loop (member names are a few bytes long).
    @inline(__always)
    static func precedes(_ left: UnsafeBufferPointer<UInt8>, _ right: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = min(left.count, right.count)
        var index = 0
        while index < count {
            let l = left[index]
            let r = right[index]
            if l != r { return l < r }
            index += 1
        }
        return left.count < right.count
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Writes an object member's name and colon, after the object's `{` (the first member) or a `,`: for the
    /// writers that put a known set of members out in their sorted order instead of sorting an object.
    /// `name` must need no escape (the names Suivi writes are ASCII words).
    public static func writeMemberName(_ name: StaticString, first: Bool = false, into out: inout [UInt8]) {
        out.append(first ? UInt8(ascii: "{") : UInt8(ascii: ","))
        out.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { out.append(contentsOf: $0) }
        out.append(UInt8(ascii: "\""))
        out.append(UInt8(ascii: ":"))
    }

    /// Writes a JSON string literal with the minimal escapes.
    public static func writeString(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var text = text
        // Native strings are contiguous UTF-8: runs without anything to escape are copied whole.
        text.withUTF8 { bytes in
            guard needsEscape(bytes) else {
                out.append(contentsOf: bytes)
                return
            }
            var runStart = 0
            for index in 0..<bytes.count {
                let byte = bytes[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                if runStart < index { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index])) }
                runStart = index + 1
                out.append(0x5C)
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(byte)
                case 0x0A: out.append(UInt8(ascii: "n"))
                case 0x0D: out.append(UInt8(ascii: "r"))
                case 0x09: out.append(UInt8(ascii: "t"))
                case 0x08: out.append(UInt8(ascii: "b"))
                case 0x0C: out.append(UInt8(ascii: "f"))
                default:
                    out.append(UInt8(ascii: "u"))
                    out.append(0x30)
                    out.append(0x30)
                    out.append(hexDigits[Int(byte >> 4)])
                    out.append(hexDigits[Int(byte & 0xF)])
                }
            }
            if runStart < bytes.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...])) }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Whether any byte is below 0x20, a quote or a backslash: looked at eight bytes at a time, because
    /// almost no text Suivi writes needs an escape ("Determine if a word has a byte less than n",
    /// Bit Twiddling Hacks; the test is exact, whatever false bits it sets above a true one).
    static func needsEscape(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let raw = UnsafeRawBufferPointer(bytes)
        var index = 0
        while index + 8 <= bytes.count {
            if holdsSpecialByte(raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)) { return true }
            index += 8
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return true }
            index += 1
        }
        return false
    }

    /// Whether any of the eight bytes of `word` is below 0x20, a quote or a backslash: the bytes a JSON
    /// string escapes, and where the parser must look closer.
    @inline(__always)
    static func holdsSpecialByte(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        func hasByte(below limit: UInt64, _ word: UInt64) -> Bool { (word &- ones &* limit) & ~word & highs != 0 }
        return hasByte(below: 0x20, word) || hasByte(below: 1, word ^ (ones &* 0x22))
            || hasByte(below: 1, word ^ (ones &* 0x5C))
    }

    /// The value as indented text for people (keys sorted).
    public func prettyText(indent: String = "") -> String {
        let inner = indent + "  "
        switch self {
        case .array(let values) where !values.isEmpty:
            return "[\n" + values.map { inner + $0.prettyText(indent: inner) }.joined(separator: ",\n") + "\n" + indent
                + "]"
        case .object(let members) where !members.isEmpty:
            let lines = members.map { member in
                var name: [UInt8] = []
                JSON.writeString(member.key, into: &name)
                return inner + String(decoding: name, as: UTF8.self) + ": " + member.value.prettyText(indent: inner)
            }
            return "{\n" + lines.joined(separator: ",\n") + "\n" + indent + "}"
        default:
            return canonicalText
        }
    }
}
