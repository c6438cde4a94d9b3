/// What a decider answers to a command: the events to record, or why it refuses.
public enum Decision: Sendable, Hashable {
    case accepted([DomainEvent])
    case rejected([Rejection])
}

/// Why a valid command was refused by the rules: a stable code and a sentence for people.
public struct Rejection: Sendable, Hashable, CustomStringConvertible {
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        public static let caseAlreadyExists = Code(rawValue: "case.already-exists")
        public static let unknownCase = Code(rawValue: "case.unknown")
        public static let streamTypeMismatch = Code(rawValue: "stream.type-mismatch")
        public static let duplicateConflict = Code(rawValue: "command.id-conflict")
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
