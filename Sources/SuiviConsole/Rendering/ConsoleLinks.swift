/// Links between pages: bookmarkable, and carrying the chosen language so that a shared link opens in it.
struct ConsoleLinks: Sendable {
    let language: Language

    /// `path?name=value&...&lang=xx`, every value percent-encoded.
    func href(_ path: String, _ parameters: [(String, String?)] = []) -> String {
        var pairs = parameters.compactMap { pair in pair.1.map { "\(pair.0)=\(Self.encode($0))" } }
        pairs.append("lang=\(language.code)")
        return path + "?" + pairs.joined(separator: "&")
    }

    func state(_ code: String) -> String { href("/states/\(Self.encode(code))") }
    func caseReport(_ id: String) -> String { href("/cases/\(Self.encode(id))") }

    /// The same page in another language or format: the current parameters with one changed.
    static func replacing(_ path: String, _ parameters: [(String, String)], name: String, value: String) -> String {
        var pairs = parameters.filter { $0.0 != name }.map { "\($0.0)=\(encode($0.1))" }
        pairs.append("\(name)=\(encode(value))")
        return path + "?" + pairs.joined(separator: "&")
    }

    /// Percent-encodes everything but unreserved characters (RFC 3986).
    static func encode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.append(Character(Unicode.Scalar(byte)))
            default:
                let hex = Array("0123456789ABCDEF")
                out += "%\(hex[Int(byte >> 4)])\(hex[Int(byte & 0xF)])"
            }
        }
        return out
    }
}
