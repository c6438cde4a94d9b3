/// Closes a case. Nothing can be recorded in it afterwards.
public struct CloseCase: MessageData {
    /// Why the case ends.
    public enum Closure: String, Sendable, Hashable, CaseIterable {
        case completed
        case withdrawnByState = "withdrawn-by-state"
        case declined
        case superseded
        case other
    }

    public var closure: Closure
    public var note: String?

    public init(closure: Closure, note: String? = nil) {
        self.closure = closure
        self.note = note
    }

    public static func read(_ reader: inout ObjectReader) -> CloseCase? {
        let closure = reader.enumeration("closure", Closure.self)
        let note = reader.string("note", required: false, maxLength: 2000)
        guard let closure else { return nil }
        return CloseCase(closure: closure, note: note)
    }

    public var json: JSON {
        var members: [String: JSON] = ["closure": .string(closure.rawValue)]
        members["note"] = note.map(JSON.string)
        return .object(members)
    }
}
