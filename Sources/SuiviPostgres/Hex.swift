/// Hexadecimal text for `bytea` values (PostgreSQL's `\x` output format).
enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes `\x0a1b...` (or bare hex); nil when the text is not hex.
    static func decode<S: Collection<UInt8>>(_ text: S) -> [UInt8]? {
        var iterator = text.makeIterator()
        var out = [UInt8]()
        out.reserveCapacity(text.count / 2)
        var started = false
        var pending: UInt8? = nil
        var prefix = 0
        while let c = iterator.next() {
            if !started && prefix == 0 && c == UInt8(ascii: "\\") { prefix = 1; continue }
            if !started && prefix == 1 && c == UInt8(ascii: "x") { prefix = 2; continue }
            started = true
            guard let nibble = value(of: c) else { return nil }
            if let high = pending { out.append(high << 4 | nibble); pending = nil } else { pending = nibble }
        }
        return pending == nil ? out : nil
    }

    private static func value(of c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
