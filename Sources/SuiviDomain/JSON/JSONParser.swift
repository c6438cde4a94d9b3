/// A strict JSON parser (RFC 8259) over UTF-8 bytes, with a depth bound and positions in its errors.
///
/// It is written by hand rather than taken from Foundation because decoding is the most expensive step
/// of the hot path, and because a one-line error must say where the input went wrong.
public struct JSONParser {
    /// Why a text is not JSON.
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        /// Byte offset where the problem was found.
        public var offset: Int
        public var reason: String
        public var description: String { "not valid JSON at byte \(offset): \(reason)" }
    }

    /// Deepest nesting accepted; deeper input is refused before it can exhaust the stack.
    public static let maximumDepth = 64

    public static func parse(_ bytes: [UInt8]) throws(Failure) -> JSON {
        try parseNoting(bytes).value
    }

    /// Parses `bytes` and tells whether any string or member name holds U+0000. Raw control bytes are refused
    /// in strings, so only a `\u0000` escape can put one there: when there is none, the decoder need not
    /// walk the tree looking for it.
    static func parseNoting(_ bytes: [UInt8]) throws(Failure) -> (value: JSON, holdsNUL: Bool) {
        let parsed = try parseNoting(bytes, canonicalMember: nil)
        return (parsed.value, parsed.holdsNUL)
    }

    /// ``parseNoting(_:)``, also giving the bytes of one member of the top-level object when they are
    /// already its canonical form (``JSON/canonicalBytes``): no whitespace, members in order, no escape in
    /// any string. A sender that writes canonical JSON (Suivi's own publisher) then spares the decoder
    /// writing that member again for the command's fingerprint.
    static func parseNoting(
        _ bytes: [UInt8], canonicalMember: StaticString?
    ) throws(Failure) -> (value: JSON, holdsNUL: Bool, canonical: [UInt8]?) {
        try bytes.withUnsafeBufferPointer { buffer throws(Failure) in
            var parser = Cursor(bytes: buffer)
            parser.canonicalMember = canonicalMember
            parser.skipWhitespace()
            let value = try parser.value(depth: 0)
            parser.skipWhitespace()
            if parser.index != buffer.count { throw parser.fail("unexpected text after the JSON value") }
            let canonical = parser.canonicalRange.map { Array(UnsafeBufferPointer(rebasing: buffer[$0])) }
            return (value, parser.holdsNUL, canonical)
        }
    }

    public static func parse(_ text: String) throws(Failure) -> JSON {
        try parse(Array(text.utf8))
    }

    private struct Cursor {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0
        /// Set when a `\u0000` escape was read.
        var holdsNUL = false
        /// The top-level member whose text is looked at, and where that text is when it is canonical.
        var canonicalMember: StaticString? = nil
        var canonicalRange: Range<Int>? = nil
        /// How many departures from the canonical form were read so far (whitespace between tokens,
        /// members out of order, escapes): unchanged across a value when its text is canonical.
        var departures = 0

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        func fail(_ reason: String) -> Failure { Failure(offset: index, reason: reason) }

        mutating func skipWhitespace() {
            let start = index
            while index < bytes.count {
                switch bytes[index] {
                case 0x20, 0x09, 0x0A, 0x0D: index += 1
                default:
                    if index != start { departures += 1 }
                    return
                }
            }
            if index != start { departures += 1 }
        }

        mutating func value(depth: Int) throws(Failure) -> JSON {
            guard index < bytes.count else { throw fail("unexpected end of input") }
            switch bytes[index] {
            case UInt8(ascii: "{"): return try object(depth: depth + 1)
            case UInt8(ascii: "["): return try array(depth: depth + 1)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): try literal("true"); return .bool(true)
            case UInt8(ascii: "f"): try literal("false"); return .bool(false)
            case UInt8(ascii: "n"): try literal("null"); return .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
            default: throw fail("unexpected character '\(Character(Unicode.Scalar(bytes[index])))'")
            }
        }

        mutating func literal(_ word: StaticString) throws(Failure) {
            let count = word.utf8CodeUnitCount
            guard index + count <= bytes.count else { throw fail("unexpected end of input") }
            for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] {
                throw fail("expected \(word)")
            }
            index += count
        }

        mutating func object(depth: Int) throws(Failure) -> JSON {
            if depth > JSONParser.maximumDepth { throw fail("nested deeper than \(JSONParser.maximumDepth) levels") }
            index += 1
            var members: [JSON.Members.Member] = []
            // Room for twelve members from the start: an envelope and most payloads fit without regrowing.
            members.reserveCapacity(12)
            // Names seen, hashed only once an object grows past what a pairwise check does quickly.
            var names: Set<String> = []
            var sorted = true
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                index += 1
                return .object(JSON.Members(sorted: members))
            }
            while true {
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                    throw fail("expected a member name in quotes")
                }
                let key = try string()
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                    throw fail("expected ':' after a member name")
                }
                index += 1
                skipWhitespace()
                let start = index
                let before = departures
                let value = try value(depth: depth)
                if depth == 1, let name = canonicalMember, departures == before, Self.equal(key, name) {
                    canonicalRange = start..<index
                }
                // While the names come in order, a name after the last one cannot repeat an earlier one.
                if sorted, let last = members.last, !JSON.precedes(last.key, key) {
                    sorted = false
                    departures += 1
                }
                if !sorted, Self.isDuplicate(key, in: members, names: &names) {
                    throw fail("duplicate member \"\(key)\"")
                }
                members.append(JSON.Members.Member(key: key, value: value))
                skipWhitespace()
                guard index < bytes.count else { throw fail("unexpected end of input in an object") }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                if bytes[index] == UInt8(ascii: "}") {
                    index += 1
                    // Senders that write canonical JSON (Suivi itself) send their members in order already.
                    if !sorted { members.sort { JSON.precedes($0.key, $1.key) } }
                    return .object(JSON.Members(sorted: members))
                }
                throw fail("expected ',' or '}' in an object")
            }
        }

        static func equal(_ key: String, _ name: StaticString) -> Bool {
            key.utf8.count == name.utf8CodeUnitCount
                && name.withUTF8Buffer { expected in key.utf8.elementsEqual(expected) }
        }

        /// Whether `key` names a member already read: compared pairwise while the object is small, hashed
        /// once it grows (so that an object of many members is not quadratic).
        static func isDuplicate(_ key: String, in members: [JSON.Members.Member], names: inout Set<String>) -> Bool {
            if members.count < 16 { return members.contains { $0.key == key } }
            if names.isEmpty { names = Set(members.map(\.key)) }
            return !names.insert(key).inserted
        }

        mutating func array(depth: Int) throws(Failure) -> JSON {
            if depth > JSONParser.maximumDepth { throw fail("nested deeper than \(JSONParser.maximumDepth) levels") }
            index += 1
            var elements: [JSON] = []
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return .array(elements) }
            while true {
                skipWhitespace()
                elements.append(try value(depth: depth))
                skipWhitespace()
                guard index < bytes.count else { throw fail("unexpected end of input in an array") }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                if bytes[index] == UInt8(ascii: "]") { index += 1; return .array(elements) }
                throw fail("expected ',' or ']' in an array")
            }
        }

        mutating func number() throws(Failure) -> String {
            let start = index
            if bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, isDigit(bytes[index]) else { throw fail("expected a digit") }
            if bytes[index] == UInt8(ascii: "0") {
                index += 1
            } else {
                while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                guard index < bytes.count, isDigit(bytes[index]) else { throw fail("expected a digit after '.'") }
                while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
                index += 1
                if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                    index += 1
                }
                guard index < bytes.count, isDigit(bytes[index]) else { throw fail("expected a digit in the exponent") }
                while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        }

        func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

        mutating func string() throws(Failure) -> String {
            index += 1
            let start = index
            // Fast path: no escapes. ASCII needs no validation (most member names and values are ASCII).
            var bits: UInt8 = 0
            // Eight bytes at a time while none of them ends the string or needs a closer look.
            let raw = UnsafeRawBufferPointer(bytes)
            var high: UInt64 = 0
            while index + 8 <= bytes.count {
                let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                if JSON.holdsSpecialByte(word) { break }
                high |= word
                index += 8
            }
            if high & 0x8080_8080_8080_8080 != 0 { bits = 0x80 }
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    let slice = UnsafeBufferPointer(rebasing: bytes[start..<index])
                    index += 1
                    if bits < 0x80 { return String(decoding: slice, as: UTF8.self) }
                    guard let text = String(validating: slice, as: UTF8.self) else {
                        throw Failure(offset: start, reason: "a string is not valid UTF-8")
                    }
                    return text
                }
                if byte == UInt8(ascii: "\\") { break }
                if byte < 0x20 { throw fail("a control character must be escaped in a string") }
                bits |= byte
                index += 1
            }
            // An escape: the canonical writer may spell it otherwise (`\/`, `\u00e9`), so the text is
            // not taken as canonical.
            departures += 1
            var scratch = Array(UnsafeBufferPointer(rebasing: bytes[start..<index]))
            while index < bytes.count {
                let byte = bytes[index]
                switch byte {
                case UInt8(ascii: "\""):
                    index += 1
                    guard let text = String(validating: scratch, as: UTF8.self) else {
                        throw Failure(offset: start, reason: "a string is not valid UTF-8")
                    }
                    return text
                case UInt8(ascii: "\\"):
                    index += 1
                    guard index < bytes.count else { throw fail("unexpected end of input in an escape") }
                    let escaped = bytes[index]
                    index += 1
                    switch escaped {
                    case UInt8(ascii: "\""): scratch.append(0x22)
                    case UInt8(ascii: "\\"): scratch.append(0x5C)
                    case UInt8(ascii: "/"): scratch.append(0x2F)
                    case UInt8(ascii: "b"): scratch.append(0x08)
                    case UInt8(ascii: "f"): scratch.append(0x0C)
                    case UInt8(ascii: "n"): scratch.append(0x0A)
                    case UInt8(ascii: "r"): scratch.append(0x0D)
                    case UInt8(ascii: "t"): scratch.append(0x09)
                    case UInt8(ascii: "u"):
                        var scalar = try hex4()
                        if (0xD800...0xDBFF).contains(scalar) {
                            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
                                bytes[index + 1] == UInt8(ascii: "u")
                            else {
                                throw fail("an unpaired surrogate in a \\u escape")
                            }
                            index += 2
                            let low = try hex4()
                            guard (0xDC00...0xDFFF).contains(low) else {
                                throw fail("an unpaired surrogate in a \\u escape")
                            }
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        } else if (0xDC00...0xDFFF).contains(scalar) {
                            throw fail("an unpaired surrogate in a \\u escape")
                        }
                        guard let unicode = Unicode.Scalar(scalar) else { throw fail("an invalid \\u escape") }
                        if scalar == 0 { holdsNUL = true }
                        scratch.append(contentsOf: String(Character(unicode)).utf8)
                    default:
                        throw fail("an invalid escape in a string")
                    }
                default:
                    if byte < 0x20 { throw fail("a control character must be escaped in a string") }
                    scratch.append(byte)
                    index += 1
                }
            }
            throw fail("a string is not closed")
        }

        mutating func hex4() throws(Failure) -> UInt32 {
            guard index + 4 <= bytes.count else { throw fail("unexpected end of input in a \\u escape") }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let byte = bytes[index]
                let digit: UInt32
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
                default: throw fail("an invalid \\u escape")
                }
                value = value << 4 | digit
                index += 1
            }
            return value
        }
    }
}
