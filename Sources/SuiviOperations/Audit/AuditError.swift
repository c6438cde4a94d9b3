/// Why an audit could not be carried out (as opposed to a mismatch it found), said in one line.
public struct AuditError: Error, Sendable, CustomStringConvertible {
    /// A stable code; each maps to one exit code of the CLI.
    public enum Code: String, Sendable {
        /// The case has no events in the store (exit 1).
        case notFound
        /// No signing key was named, or an argument cannot be used (exit 2).
        case usage
        /// A file cannot be read as what it should be (exit 3).
        case invalidInput
        /// The events topic is missing or did not settle in time (exit 5).
        case unavailable
    }

    public var code: Code
    public var description: String

    public init(_ code: Code, _ description: String) {
        self.code = code
        self.description = description
    }
}
