import SuiviApp
import Logging
import SuiviPostgres

/// A worker's one PostgreSQL connection, and how to open it again when it is lost.
///
/// Not `Sendable`, on purpose: it lives in the engine's ``BatchHandOff``, which lends it to one user at a
/// time (the batch on its thread, or the loop thread and the rebalance callbacks that librdkafka runs inside
/// `poll` on it). The hand-off moves it between them with `sending`, so the compiler checks that no two
/// threads hold it at once.
final class WorkerDatabase {
    private(set) var connection: PostgresConnection
    private let configuration: SuiviConfiguration
    private let applicationName: String
    private let logger: Logger

    init(_ connection: PostgresConnection, configuration: SuiviConfiguration, applicationName: String, logger: Logger) {
        self.connection = connection
        self.configuration = configuration
        self.applicationName = applicationName
        self.logger = logger
    }

    /// Runs `body`, connecting again first if the connection was lost, and once more if `body` fails on a
    /// connection lost meanwhile; never sleeps. Rebalance callbacks use it: they run inside librdkafka's
    /// `poll` and must not wait there. If it still fails, the callback throws, the next `poll` reports the
    /// failed assignment, and ``ConsumerWorker`` leaves the group and joins again after a back-off.
    func withReconnect<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        reconnectIfLost()
        do {
            return try body(connection)
        } catch {
            guard !connection.isHealthy else { throw error }
            reconnectIfLost()
            return try body(connection)
        }
    }

    /// Connects again if the connection was lost, without waiting for a batch to fail first (an idle
    /// worker would otherwise write its heartbeat into a dead connection for ever).
    func reconnectIfLost() {
        guard !connection.isHealthy else { return }
        logger.warning("reconnecting to PostgreSQL")
        if let fresh = try? Connections.database(configuration, applicationName: applicationName, logger: logger) {
            connection = fresh
        }
    }

    func close() { connection.close() }
}
