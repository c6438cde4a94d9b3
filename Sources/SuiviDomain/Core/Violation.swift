/// One way in which a message breaks the contract: where (a JSON path such as `$.data.capacities[1]`),
/// a stable code, and a sentence that says what to do.
public struct Violation: Sendable, Hashable, CustomStringConvertible {
    /// Stable codes, the same as JSON Schema keyword names where one applies.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        public static let syntax = Code(rawValue: "syntax")
        public static let required = Code(rawValue: "required")
        public static let type = Code(rawValue: "type")
        public static let enumeration = Code(rawValue: "enum")
        public static let constant = Code(rawValue: "const")
        public static let pattern = Code(rawValue: "pattern")
        public static let format = Code(rawValue: "format")
        public static let minLength = Code(rawValue: "minLength")
        public static let maxLength = Code(rawValue: "maxLength")
        public static let minItems = Code(rawValue: "minItems")
        public static let maxItems = Code(rawValue: "maxItems")
        public static let uniqueItems = Code(rawValue: "uniqueItems")
        public static let minimum = Code(rawValue: "minimum")
        public static let maximum = Code(rawValue: "maximum")
        public static let anyOf = Code(rawValue: "anyOf")
        public static let additionalProperties = Code(rawValue: "additionalProperties")
        /// The `type` attribute names no Suivi command (the schemas' `enum` on `type`). Kept as its own
        /// code because operators read it as the dead-letter reason.
        public static let unknownType = Code(rawValue: "unknownType")
        public static let oversize = Code(rawValue: "oversize")
        /// A value that matches a rule it must not match (JSON Schema `not`): a `dataschema` naming a
        /// major version of the contract that Suivi does not accept.
        public static let not = Code(rawValue: "not")
    }

    public var path: String
    public var code: Code
    public var message: String

    public init(path: String, code: Code, message: String) {
        self.path = path
        self.code = code
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}

/// A message that could not be turned into a command, with every violation found.
public struct DecodingFailure: Error, Sendable, Hashable, CustomStringConvertible {
    public var violations: [Violation]
    /// What can be read of the message despite the violations, when its `id` is readable.
    public var identity: MessageIdentity?

    public init(_ violations: [Violation], identity: MessageIdentity? = nil) {
        self.violations = violations
        self.identity = identity
    }

    /// The first violation and how many more: one line for logs and command-line output.
    public var description: String {
        guard let first = violations.first else { return "invalid message" }
        let more = violations.count > 1 ? " (and \(violations.count - 1) more)" : ""
        return first.description + more
    }

    /// The leading violation's code, used as the dead-letter reason code.
    public var code: Violation.Code { violations.first?.code ?? .syntax }
}
