/// What a decider answers to a command: the events to record, or why it refuses.
public enum Decision: Sendable, Hashable {
    case accepted([DomainEvent])
    case rejected([Rejection])
}

/// Why a valid command was refused by the rules: a stable code and a sentence for people.
///
/// The codes are listed, with their meaning, in `Rejection+Codes.swift` and in `Schemas/README.md`.
public struct Rejection: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable, dotted reason code such as `consent.withdrawn`: scripts and integrators match on it.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }
    }

    public var code: Code
    /// What is wrong, where, and what to do, for people.
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
