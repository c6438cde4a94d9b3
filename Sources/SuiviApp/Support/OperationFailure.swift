/// An operation that cannot go on for a reason that is neither bad configuration nor a lost service
/// (a rebuild resumed with the wrong source, a topic that holds less than was applied), with the exit
/// code that says which kind of problem it is and a message that says what to do.
public struct OperationFailure: Error, Sendable, CustomStringConvertible {
    public var code: Failure.ExitCode
    public var description: String

    public init(_ code: Failure.ExitCode, _ description: String) {
        self.code = code
        self.description = description
    }
}
