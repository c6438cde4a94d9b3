public import SuiviPostgres

/// An error of the store layer with a stable code and a message that says what to do.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        public static let notMigrated = Code(rawValue: "notMigrated")
        public static let migrationFailed = Code(rawValue: "migrationFailed")
        public static let migrationChanged = Code(rawValue: "migrationChanged")
        public static let corruptEvent = Code(rawValue: "corruptEvent")
        public static let concurrency = Code(rawValue: "concurrency")
        public static let database = Code(rawValue: "database")
        /// A signing key that cannot be read or used (bad input: exit 3).
        public static let invalidKey = Code(rawValue: "invalidKey")
    }

    public var code: Code
    public var message: String
    public var underlying: PostgresError?

    public init(code: Code, message: String, underlying: PostgresError? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    public var description: String { message }

    /// A signing key that cannot be read or used, said in one line.
    public init(invalidKey message: String) {
        self.init(code: .invalidKey, message: message)
    }

    /// Turns a database error into the store's own error (always a ``StoreError``, the cause kept in
    /// ``underlying``), with a message that says what to do when the cause is a known one.
    public static func wrap(_ error: any Error) -> any Error {
        if error is StoreError { return error }
        guard let postgres = error as? PostgresError else { return error }
        switch postgres.sqlState {
        case PostgresError.SQLState.undefinedTable?, PostgresError.SQLState.undefinedFunction?:
            return StoreError(code: .notMigrated,
                message: "the database has no Suivi tables yet (\(postgres.message)); run `suivi migrate` or start a worker with --migrate",
                underlying: postgres)
        default:
            return StoreError(code: .database, message: postgres.description, underlying: postgres)
        }
    }

    /// The store's view of any error: a ``StoreError`` as it is, a `PostgresError` wrapped (``wrap(_:)``),
    /// `nil` for the errors of other layers. Callers above the store test this one type.
    public static func from(_ error: any Error) -> StoreError? { wrap(error) as? StoreError }

    /// The SQLSTATE of the database error behind this one, if any.
    public var sqlState: String? { underlying?.sqlState }

    /// SQLSTATEs of refusals that a retry can cure: serialization failure, deadlock, lock not available,
    /// statement cancelled, too many connections, and a unique violation (another writer got there first).
    static let transientStates: Set<String> = ["40001", "40P01", "55P03", "57014", "53300", PostgresError.SQLState.uniqueViolation]

    /// True when the database refused a statement for what it contains: the same input will be refused
    /// again (as opposed to a lost connection, a conflict, or anything a retry can cure).
    public var isRefusal: Bool {
        guard let underlying, underlying.code == .statementFailed else { return false }
        return !Self.transientStates.contains(underlying.sqlState ?? "")
    }

    /// True when the connection was lost or never made (a retry after reconnecting may cure it).
    public var isConnectionLost: Bool {
        underlying.map { $0.code == .connectionFailed || $0.code == .connectionClosed } ?? false
    }
}
