public import Logging
internal import SuiviApp
internal import SuiviOperations
public import SuiviPostgres
internal import SuiviThreads

/// The console's one PostgreSQL connection, used only on its own thread (libpq blocks: its calls must
/// not run on Swift's cooperative pool). Requests queue on that thread's serial executor, so the
/// connection is never used by two at once. A lost connection is opened again on the next request.
public final class ConsoleDatabase: @unchecked Sendable {
    // Sendable by confinement: `connection` is touched only inside jobs of `executor`, which is serial.
    private let executor: DedicatedThreadExecutor
    private let open: @Sendable () throws -> PostgresConnection
    private var connection: PostgresConnection?

    /// - Parameters:
    ///   - label: The thread's name.
    ///   - open: Opens (and prepares: role, read-only) a connection; called again after a failure.
    public init(label: String, open: @escaping @Sendable () throws -> PostgresConnection) {
        executor = DedicatedThreadExecutor(label: label)
        self.open = open
    }

    /// Runs `body` with the connection on the database thread.
    public func run<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) throws -> T) async throws -> T {
        try await withTaskExecutorPreference(executor) {
            try self.runHere(body)
        }
    }

    private func runHere<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        if let current = connection, !current.isHealthy {
            current.close()
            connection = nil
        }
        let active = try connection ?? open()
        connection = active
        do {
            return try body(active)
        } catch {
            if !active.isHealthy {
                active.close()
                connection = nil
            }
            throw error
        }
    }

    /// Opens a connection acting as `role` in read-only transactions: what the console connects with.
    public static func auditorConnection(url: String, role: String?, logger: Logger) throws -> PostgresConnection {
        let connection = try PostgresConnection(connectionString: url, applicationName: "suivi-console", logger: logger)
        if let role {
            _ = try connection.query("SELECT set_config('role', \(role), false)")
        }
        try connection.execute("SET default_transaction_read_only = on")
        return connection
    }
}
