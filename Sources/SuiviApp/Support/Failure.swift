internal import SuiviDomain
internal import SuiviKafka
internal import SuiviPostgres
internal import SuiviStore

/// How the executables report a failure: one line that says what is wrong and what to do, and an exit
/// code that scripts can rely on (README.md, "Exit codes").
public enum Failure {
    /// Exit codes shared by `suivi`, `suivi-decider` and `suivi-projector`.
    public enum ExitCode: Int32, Sendable {
        case success = 0
        /// The thing asked for does not exist (a case, an outcome, a dead letter).
        case notFound = 1
        /// Bad usage: an unknown option, a malformed id or time.
        case usage = 2
        /// Input was refused: a message failed validation.
        case invalidInput = 3
        /// A check failed: verification found a mismatch, or a health threshold was exceeded.
        case checkFailed = 4
        /// A service is unreachable or the database is not migrated: configuration or operations.
        case unavailable = 5
        /// An unexpected failure (a bug or an unforeseen state); the message says what happened.
        case failure = 70
        /// A configuration variable cannot be used.
        case configuration = 78
    }

    /// The one-line message for an error.
    public static func describe(_ error: any Error) -> String {
        switch error {
        case let error as PostgresError:
            return error.description
        case let error as KafkaError:
            return error.description
        default:
            return String(describing: error)
        }
    }

    /// The exit code for an error.
    public static func exitCode(for error: any Error) -> ExitCode {
        switch error {
        case is ConfigurationError: return .configuration
        case let failure as OperationFailure: return failure.code
        case let error as PostgresError where error.code == .connectionFailed || error.code == .connectionClosed: return .unavailable
        case let error as StoreError where error.code == .notMigrated || error.isConnectionLost: return .unavailable
        case let error as KafkaError where error.code == .brokerUnreachable || error.code == .libraryTooOld: return .unavailable
        case is DecodingFailure: return .invalidInput
        default: return .failure
        }
    }
}
