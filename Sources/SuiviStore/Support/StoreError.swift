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

    /// Turns a database error into one that says what to do when the cause is a known one.
    public static func wrap(_ error: any Error) -> any Error {
        guard let postgres = error as? PostgresError else { return error }
        switch postgres.sqlState {
        case PostgresError.SQLState.undefinedTable?, PostgresError.SQLState.undefinedFunction?:
            return StoreError(code: .notMigrated,
                message: "the database has no Suivi tables yet (\(postgres.message)); run `suivi migrate` or start a worker with --migrate",
                underlying: postgres)
        default:
            return postgres
        }
    }
}
