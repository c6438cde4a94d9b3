/// Escaping for text placed in HTML elements and attribute values: the per-case report and the console.
public enum HTMLText {
    /// `&`, `<`, `>`, `"` and `'` as character references; everything else as it is.
    ///
    /// Works on UTF-8 bytes: the five are ASCII, and no byte of a multi-byte UTF-8 sequence is ASCII, so
    /// this is exact. Text with nothing to escape (most of it) is returned without a copy. Walking
    /// `Character`s (grapheme clusters) instead was a third of the CPU time of the console's case page.
    public static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: needsEscape) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 16)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "&"): out.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "<"): out.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): out.append(contentsOf: "&gt;".utf8)
            case UInt8(ascii: "\""): out.append(contentsOf: "&quot;".utf8)
            case UInt8(ascii: "'"): out.append(contentsOf: "&#39;".utf8)
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "\"")
            || byte == UInt8(ascii: "'")
    }
}
