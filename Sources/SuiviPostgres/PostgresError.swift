/// An error from PostgreSQL or from libpq, with a stable code, the server's SQLSTATE when there is one,
/// and a message a person can act on.
///
/// The description never contains a password or a full connection string: connection errors name
/// only the host, port, database and user. Nor does it contain the server's DETAIL, which for a unique
/// violation quotes the key's values (a command id, a consent id): that goes only into
/// ``debugDescription``, which no log line at info level or above uses (anchor: postgres-nio
/// `PSQLError`, whose description is generic).
public struct PostgresError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// What kind of failure this is; stable across releases so that scripts and callers can match on it.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The server could not be reached or refused the connection.
        public static let connectionFailed = Code(rawValue: "connectionFailed")
        /// The server rejected a statement; `sqlState` says why.
        public static let statementFailed = Code(rawValue: "statementFailed")
        /// A COPY FROM STDIN could not be completed.
        public static let copyFailed = Code(rawValue: "copyFailed")
        /// The connection was closed, or broke while in use.
        public static let connectionClosed = Code(rawValue: "connectionClosed")
        /// A value in a result could not be read as the type asked for.
        public static let decoding = Code(rawValue: "decoding")
    }

    /// The kind of failure.
    public var code: Code
    /// The five-character SQLSTATE reported by the server, if any (for example `23505`, `42P01`).
    public var sqlState: String?
    /// The primary message, from the server when it sent one.
    public var message: String
    /// The server's DETAIL field, if any.
    public var detail: String?
    /// The server's HINT field, if any.
    public var hint: String?

    public init(code: Code, sqlState: String? = nil, message: String, detail: String? = nil, hint: String? = nil) {
        self.code = code
        self.sqlState = sqlState
        self.message = message
        self.detail = detail
        self.hint = hint
    }

    /// The message, the SQLSTATE and the hint: what a person needs, without the row values of DETAIL.
    public var description: String {
        var text = message
        if let sqlState { text += " (SQLSTATE \(sqlState))" }
        if let hint, !hint.isEmpty { text += "; hint: \(hint)" }
        return text
    }

    /// Everything the server said, DETAIL included: for debugging only (it may quote row values).
    public var debugDescription: String {
        var text = description
        if let detail, !detail.isEmpty { text += "; detail: \(detail)" }
        return text
    }
}

extension PostgresError {
    /// SQLSTATE values the layers above react to.
    public enum SQLState {
        public static let uniqueViolation = "23505"
        public static let undefinedTable = "42P01"
        public static let undefinedFunction = "42883"
        public static let insufficientPrivilege = "42501"
        public static let serializationFailure = "40001"
        public static let invalidPassword = "28P01"
        public static let invalidAuthorization = "28000"
        public static let invalidCatalogName = "3D000"
        public static let raiseException = "P0001"
    }
}
