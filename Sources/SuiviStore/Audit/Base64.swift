/// Standard base64 (RFC 4648, with padding), for keys and signatures; Suivi's libraries do not
/// use Foundation.
public enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let values: [UInt8: UInt8] = {
        var table: [UInt8: UInt8] = [:]
        for (index, char) in alphabet.enumerated() { table[char] = UInt8(index) }
        return table
    }()

    /// The base64 text of `bytes`.
    public static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index < bytes.count {
            let b0 = bytes[index]
            let b1 = index + 1 < bytes.count ? bytes[index + 1] : 0
            let b2 = index + 2 < bytes.count ? bytes[index + 2] : 0
            out.append(alphabet[Int(b0 >> 2)])
            out.append(alphabet[Int((b0 & 0x03) << 4 | b1 >> 4)])
            out.append(index + 1 < bytes.count ? alphabet[Int((b1 & 0x0F) << 2 | b2 >> 6)] : UInt8(ascii: "="))
            out.append(index + 2 < bytes.count ? alphabet[Int(b2 & 0x3F)] : UInt8(ascii: "="))
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The bytes of base64 text (whitespace ignored); `nil` when it is not base64.
    public static func decode(_ text: String) -> [UInt8]? {
        let chars = text.utf8.filter { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }
        guard chars.count % 4 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(chars.count / 4 * 3)
        var index = 0
        while index < chars.count {
            let quad = chars[index..<index + 4]
            let padding = quad.reversed().prefix(while: { $0 == UInt8(ascii: "=") }).count
            guard padding <= 2, index + 4 == chars.count || padding == 0 else { return nil }
            var bits: UInt32 = 0
            for (offset, char) in quad.enumerated() {
                if offset >= 4 - padding {
                    bits <<= 6
                    continue
                }
                guard let value = values[char] else { return nil }
                bits = bits << 6 | UInt32(value)
            }
            out.append(UInt8(truncatingIfNeeded: bits >> 16))
            if padding < 2 { out.append(UInt8(truncatingIfNeeded: bits >> 8)) }
            if padding < 1 { out.append(UInt8(truncatingIfNeeded: bits)) }
            index += 4
        }
        return out
    }
}
