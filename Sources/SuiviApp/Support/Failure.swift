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

    /// SQLSTATE 42501: a login without the privilege, or the store's append-only triggers.
    static let insufficientPrivilege = "42501"
    static let privilegeHint = "; connect with the login this command needs (ops/RUNBOOK.md, \"Logins\")"

    /// The one-line message for an error.
    public static func describe(_ error: any Error) -> String {
        if let store = StoreError.from(error) {
            return store.sqlState == insufficientPrivilege ? store.description + privilegeHint : store.description
        }
        return String(describing: error)
    }

    /// The exit code for an error.
    public static func exitCode(for error: any Error) -> ExitCode {
        if let store = StoreError.from(error) {
            // The login in SUIVI_DATABASE_URL may not do what the command needs: the configuration is wrong.
            if store.sqlState == insufficientPrivilege { return .configuration }
            if store.code == .invalidKey { return .invalidInput }
            return store.code == .notMigrated || store.isConnectionLost ? .unavailable : .failure
        }
        switch error {
        case let failure as OperationFailure: return failure.code
        case let error as KafkaError where error.code == .brokerUnreachable || error.code == .libraryTooOld: return .unavailable
        case is DecodingFailure: return .invalidInput
        default: return .failure
        }
    }
}
