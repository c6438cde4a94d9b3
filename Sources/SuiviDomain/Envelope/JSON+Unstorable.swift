extension Violation.Code {
    /// A string holds U+0000, which PostgreSQL text cannot store: refused at the door rather than failing
    /// the batch that would try to store it.
    public static let nul = Self(rawValue: "nul")
}

extension JSON {
    /// The path of the first member name or string that holds U+0000, if any.
    func firstNUL(path: String = "$") -> String? {
        // Almost every message has none: find that out without building a path per member.
        guard containsNUL else { return nil }
        switch self {
        case .string(let text): return text.utf8.contains(0) ? path : nil
        case .array(let values):
            for (index, value) in values.enumerated() {
                if let found = value.firstNUL(path: "\(path)[\(index)]") { return found }
            }
            return nil
        case .object(let members):
            for (name, value) in members.sorted(by: { $0.key < $1.key }) {
                if name.utf8.contains(0) { return path }
                if let found = value.firstNUL(path: "\(path).\(name)") { return found }
            }
            return nil
        case .null, .bool, .number: return nil
        }
    }

    private var containsNUL: Bool {
        switch self {
        case .string(let text): text.utf8.contains(0)
        case .array(let values): values.contains { $0.containsNUL }
        case .object(let members): members.contains { $0.key.utf8.contains(0) || $0.value.containsNUL }
        case .null, .bool, .number: false
        }
    }
}
