/// 32 bytes (a SHA-256) held inline, so that an index of millions of topic events stays compact.
struct Digest32: Hashable, Sendable {
    var a: UInt64, b: UInt64, c: UInt64, d: UInt64

    init?(_ bytes: [UInt8]) {
        guard bytes.count == 32 else { return nil }
        func word(_ at: Int) -> UInt64 { bytes[at..<at + 8].reduce(0) { $0 << 8 | UInt64($1) } }
        a = word(0)
        b = word(8)
        c = word(16)
        d = word(24)
    }
}

/// A UUID event id held as 16 bytes.
struct EventKey: Hashable, Sendable {
    var high: UInt64, low: UInt64

    /// Parses the canonical text form (`8-4-4-4-12` hex digits, either case); `nil` otherwise.
    init?(_ text: String) {
        let utf8 = Array(text.utf8)
        guard utf8.count == 36, utf8[8] == 0x2D, utf8[13] == 0x2D, utf8[18] == 0x2D, utf8[23] == 0x2D else { return nil }
        var value: (UInt64, UInt64) = (0, 0)
        var count = 0
        for char in utf8 where char != 0x2D {
            let nibble: UInt64
            switch char {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = UInt64(char - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = UInt64(char - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = UInt64(char - UInt8(ascii: "A") + 10)
            default: return nil
            }
            if count < 16 { value.0 = value.0 << 4 | nibble } else { value.1 = value.1 << 4 | nibble }
            count += 1
        }
        guard count == 32 else { return nil }
        high = value.0
        low = value.1
    }
}
