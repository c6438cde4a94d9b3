public import Logging
internal import SuiviApp
internal import SuiviOperations
public import SuiviPostgres
internal import Synchronization

/// The console's PostgreSQL connections, each used only on its own thread (libpq blocks: its calls
/// must not run on Swift's cooperative pool). A request borrows one connection for its queries and gives
/// it back; when all are busy it waits its turn (``ConnectionSlots``), so a connection is never used by
/// two at once. A lost connection is opened again on its next use, and connections are opened only when
/// first needed.
///
/// With one connection, two auditors' pages run one after the other (each waits for the other: with two
/// clients p99 was close to twice a page's own time); with a few, they run side by side.
public final class ConsoleDatabase: Sendable {
    private let connections: [ConsoleConnection]
    private let slots: Mutex<ConnectionSlots<CheckedContinuation<Int, Never>>>

    /// - Parameters:
    ///   - label: The threads' name (numbered after the first).
    ///   - connections: How many connections at most (at least one).
    ///   - open: Opens (and prepares: role, read-only) a connection; called again after a failure.
    public init(label: String, connections: Int = 1, open: @escaping @Sendable () throws -> PostgresConnection) {
        let count = max(1, connections)
        self.connections = (0..<count).map { ConsoleConnection(label: $0 == 0 ? label : "\(label)-\($0 + 1)", open: open) }
        slots = Mutex(ConnectionSlots(count: count))
    }

    /// How many connections this database may hold open.
    public var capacity: Int { connections.count }

    /// Runs `body` with one of the connections on its thread, waiting for one to be free.
    public func run<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) throws -> T) async throws -> T {
        let slot = await take()
        defer { giveBack(slot) }
        return try await connections[slot].run(body)
    }

    private func take() async -> Int {
        await withCheckedContinuation { (waiter: CheckedContinuation<Int, Never>) in
            let taken = slots.withLock { $0.take(waiter) }
            if case .use(let slot) = taken { waiter.resume(returning: slot) }
        }
    }

    private func giveBack(_ slot: Int) {
        // Resumed outside the lock: the waiter may run at once.
        if let next = slots.withLock({ $0.giveBack(slot) }) { next.waiter.resume(returning: next.slot) }
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
