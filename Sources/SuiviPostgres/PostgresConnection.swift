internal import CLibPQ
public import Logging

/// One connection to PostgreSQL over libpq.
///
/// Every call blocks the calling thread until the server answers, so a connection belongs to one
/// dedicated thread (a worker's loop thread, or a command-line tool's main thread) and is never used
/// from Swift's cooperative pool. It is not `Sendable`: one connection, one owner.
public final class PostgresConnection {
    private let handle: OpaquePointer
    private let logger: Logger
    private var closed = false

    /// The host, port, database and user this connection reached: safe to print (no password).
    public let endpoint: String

    /// Opens a connection.
    ///
    /// - Parameters:
    ///   - connectionString: a libpq connection string or URI (`postgresql://user@host:port/db`).
    ///   - applicationName: shown in `pg_stat_activity`.
    ///   - connectTimeout: seconds to wait for the server, unless the connection string sets its own.
    ///   - password: the password, when it comes from elsewhere than the connection string (a secret
    ///     file); it wins over one in the connection string.
    ///   - logger: receives server notices.
    /// - Throws: ``PostgresError`` with code `connectionFailed` and a one-line message naming the
    ///   endpoint (never the password).
    public init(
        connectionString: String,
        applicationName: String = "suivi",
        connectTimeout: Int = 5,
        password: String? = nil,
        logger: Logger
    ) throws {
        self.logger = logger
        // Order matters with expand_dbname: the connection string's own settings override the
        // defaults given before it.
        var keywords = ["connect_timeout", "application_name", "dbname"]
        var values = [String(connectTimeout), applicationName, connectionString]
        if let password {
            keywords.append("password")
            values.append(password)
        }
        let connection: OpaquePointer? = withCStringArray(keywords) { keys in
            withCStringArray(values) { vals in PQconnectdbParams(keys, vals, 1) }
        }
        guard let connection else {
            throw PostgresError(code: .connectionFailed, message: "cannot allocate a PostgreSQL connection (out of memory)")
        }
        let endpoint = Self.describeEndpoint(connection)
        guard PQstatus(connection) == CONNECTION_OK else {
            let reason = Self.firstLine(String(cString: PQerrorMessage(connection)))
            PQfinish(connection)
            throw PostgresError(
                code: .connectionFailed,
                message: "cannot connect to PostgreSQL at \(endpoint): \(reason)",
                hint: "check SUIVI_DATABASE_URL, or start the local stack with `ops/stack start`"
            )
        }
        self.handle = connection
        self.endpoint = endpoint
        PQsetNoticeProcessor(connection, suiviPostgresNoticeProcessor, Unmanaged.passUnretained(self).toOpaque())
    }

    deinit {
        if !closed { PQfinish(handle) }
    }

    /// Closes the connection; later calls throw `connectionClosed`. Safe to call twice.
    public func close() {
        guard !closed else { return }
        closed = true
        PQfinish(handle)
    }

    /// Runs one statement with its parameters and returns its rows.
    ///
    /// - Throws: ``PostgresError`` with the server's SQLSTATE and message.
    @discardableResult
    public func query(_ query: PostgresQuery) throws -> PostgresResult {
        try ensureOpen()
        let count = query.binds.count
        let encoded = query.binds.map { $0.wireBytes() }
        let formats = query.binds.map { Int32($0.isBinary ? 1 : 0) }
        let lengths = encoded.map { Int32($0?.count ?? 0) }
        let result: OpaquePointer? = withBufferPointers(encoded) { pointers in
            query.sql.withCString { sql in
                PQexecParams(handle, sql, Int32(count), nil, pointers, lengths, formats, 0)
            }
        }
        return try check(result)
    }

    /// Runs one or more statements without parameters (simple query protocol), as migrations need.
    public func execute(_ sql: String) throws {
        try ensureOpen()
        let result = sql.withCString { PQexec(handle, $0) }
        _ = try check(result)
    }

    /// Runs `body` inside BEGIN ... COMMIT; rolls back when `body` throws, and rethrows.
    @discardableResult
    public func transaction<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        try execute("BEGIN")
        do {
            let value = try body(self)
            try execute("COMMIT")
            return value
        } catch {
            if PQtransactionStatus(handle) != PQTRANS_UNKNOWN { try? execute("ROLLBACK") }
            throw error
        }
    }

    /// Streams rows into a table with `COPY ... FROM STDIN`.
    ///
    /// - Parameters:
    ///   - statement: the COPY statement, e.g. `COPY t (a, b) FROM STDIN`.
    ///   - chunks: the data in COPY text format, in chunks (each a few hundred KiB is a good size).
    /// - Returns: the number of rows copied.
    @discardableResult
    public func copyIn(_ statement: String, chunks: some Sequence<[UInt8]>) throws -> Int {
        try ensureOpen()
        let start = statement.withCString { PQexec(handle, $0) }
        guard let start, PQresultStatus(start) == PGRES_COPY_IN else {
            _ = try check(start)
            throw PostgresError(code: .copyFailed, message: "the server did not enter COPY IN mode for: \(statement)")
        }
        PQclear(start)
        var failure: String? = nil
        for chunk in chunks where !chunk.isEmpty {
            let sent = chunk.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { PQputCopyData(handle, $0.baseAddress, Int32($0.count)) }
            }
            if sent != 1 {
                failure = Self.firstLine(String(cString: PQerrorMessage(handle)))
                break
            }
        }
        let ended: Int32 = failure.map { message in message.withCString { PQputCopyEnd(handle, $0) } } ?? PQputCopyEnd(handle, nil)
        if ended != 1 {
            throw PostgresError(code: .copyFailed, message: "COPY could not be finished: \(Self.firstLine(String(cString: PQerrorMessage(handle))))")
        }
        var rows = 0
        var firstError: (any Error)? = nil
        while let result = PQgetResult(handle) {
            do { rows = try check(result).affectedRows } catch { if firstError == nil { firstError = error } }
        }
        if let firstError { throw firstError }
        if let failure { throw PostgresError(code: .copyFailed, message: "COPY aborted: \(failure)") }
        return rows
    }

    /// True inside a transaction block (after `BEGIN`, before its `COMMIT` or `ROLLBACK`), where a
    /// savepoint can be set.
    public var isInTransactionBlock: Bool {
        !closed && PQtransactionStatus(handle) == PQTRANS_INTRANS
    }

    /// True while the server is reachable and the connection is usable.
    public var isHealthy: Bool {
        !closed && PQstatus(handle) == CONNECTION_OK
    }

    /// Quotes an identifier (schema or table name) the way the server expects.
    public func quoteIdentifier(_ identifier: String) -> String {
        guard let quoted = identifier.withCString({ PQescapeIdentifier(handle, $0, identifier.utf8.count) }) else {
            return "\"" + identifier.replacingAll("\"", with: "\"\"") + "\""
        }
        defer { PQfreemem(quoted) }
        return String(cString: quoted)
    }

    fileprivate func notice(_ text: String) {
        logger.debug("postgres notice", metadata: ["postgres.notice": .string(Self.firstLine(text))])
    }

    // MARK: - Internals

    private func ensureOpen() throws {
        if closed { throw PostgresError(code: .connectionClosed, message: "the PostgreSQL connection to \(endpoint) is closed") }
    }

    private func check(_ result: OpaquePointer?) throws -> PostgresResult {
        guard let result else {
            throw PostgresError(
                code: .connectionClosed,
                message: "lost the PostgreSQL connection to \(endpoint): \(Self.firstLine(String(cString: PQerrorMessage(handle))))"
            )
        }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY, PGRES_COPY_IN:
            return PostgresResult(handle: result)
        default:
            let error = Self.error(from: result, connection: handle, endpoint: endpoint)
            PQclear(result)
            throw error
        }
    }

    private static func error(from result: OpaquePointer, connection: OpaquePointer, endpoint: String) -> PostgresError {
        func field(_ code: Int32) -> String? {
            guard let value = PQresultErrorField(result, code) else { return nil }
            return String(cString: value)
        }
        let sqlState = field(Int32(UInt8(ascii: "C")))
        let primary = field(Int32(UInt8(ascii: "M"))) ?? firstLine(String(cString: PQresultErrorMessage(result)))
        let broken = PQstatus(connection) != CONNECTION_OK
        return PostgresError(
            code: broken ? .connectionClosed : .statementFailed,
            sqlState: sqlState,
            message: broken ? "lost the PostgreSQL connection to \(endpoint): \(primary)" : primary,
            detail: field(Int32(UInt8(ascii: "D"))),
            hint: field(Int32(UInt8(ascii: "H")))
        )
    }

    private static func describeEndpoint(_ connection: OpaquePointer) -> String {
        func text(_ value: UnsafeMutablePointer<CChar>?) -> String { value.map { String(cString: $0) } ?? "?" }
        let host = text(PQhost(connection))
        let port = text(PQport(connection))
        let database = text(PQdb(connection))
        let user = text(PQuser(connection))
        let place = host.hasPrefix("/") ? "socket \(host)" : "\(host):\(port)"
        return "\(place) (database \(database), user \(user))"
    }

    static func firstLine(_ text: String) -> String {
        let trimmed = text.split(whereSeparator: { $0 == "\n" }).first.map(String.init) ?? text
        return trimmed.trimmingSpaces()
    }
}

/// libpq calls this for each NOTICE; without it notices go to stderr.
private func suiviPostgresNoticeProcessor(_ context: UnsafeMutableRawPointer?, _ message: UnsafePointer<CChar>?) {
    guard let context, let message else { return }
    Unmanaged<PostgresConnection>.fromOpaque(context).takeUnretainedValue().notice(String(cString: message))
}
