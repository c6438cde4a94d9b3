/// The one error type of the application layers (SuiviApp, SuiviWorkers, SuiviOperations, SuiviConsole):
/// a configuration value that cannot be used, an audit that cannot be carried out, an operation that
/// cannot go on (a rebuild resumed with the wrong source, a topic that holds less than was applied).
/// Its stable code is the exit code that says which kind of problem it is (README.md, "Exit codes");
/// its description is one line that says what is wrong and what to do. The layers below have theirs:
/// `StoreError`, `PostgresError`, `KafkaError`, `ThreadError`, and the domain's `DecodingFailure`.
public struct OperationFailure: Error, Sendable, CustomStringConvertible {
    public var code: Failure.ExitCode
    public var description: String

    public init(_ code: Failure.ExitCode, _ description: String) {
        self.code = code
        self.description = description
    }
}
