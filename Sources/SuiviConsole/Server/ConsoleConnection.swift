internal import SuiviPostgres
internal import SuiviThreads

/// One of the console's PostgreSQL connections, used only on its own thread (libpq blocks: its calls must
/// not run on Swift's cooperative pool). A lost connection is opened again on the next use.
final class ConsoleConnection: @unchecked Sendable {
    // Sendable by confinement: `connection` is touched only inside jobs of `executor`, which runs them one
    // at a time on its thread, and ``ConsoleDatabase`` lends this object to one request at a time.
    private let executor: DedicatedThreadExecutor
    private let open: @Sendable () throws -> PostgresConnection
    private var connection: PostgresConnection?

    init(label: String, open: @escaping @Sendable () throws -> PostgresConnection) {
        executor = DedicatedThreadExecutor(label: label)
        self.open = open
    }

    /// Runs `body` with the connection on its thread.
    func run<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) throws -> T) async throws -> T {
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
}
