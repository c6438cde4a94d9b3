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
    /// True when the refusal rests only on another stream not having reached a state it may still reach
    /// (a consultation not yet scheduled or held): the decider may hold the command a while and decide it
    /// again as that stream changes. Not part of the outcome.
    public var dependsOnOtherStreams: Bool

    public init(_ code: Code, _ message: String, dependsOnOtherStreams: Bool = false) {
        self.code = code
        self.message = message
        self.dependsOnOtherStreams = dependsOnOtherStreams
    }

    public var description: String { "\(code): \(message)" }
}
