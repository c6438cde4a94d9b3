import Logging
import SuiviPostgres

extension ThreadConfined where Value == PostgresConnection {
    /// Runs `body`, connecting again first if the connection was lost, and once more if `body` fails on a
    /// connection lost meanwhile; never sleeps. Rebalance callbacks use it: they run inside librdkafka's
    /// `poll` and must not wait there. If it still fails, the callback throws, the next `poll` reports the
    /// failed assignment, and ``ConsumerWorker`` leaves the group and joins again after a back-off.
    func withReconnect<T>(
        _ configuration: SuiviConfiguration, applicationName: String, logger: Logger,
        _ body: (PostgresConnection) throws -> T
    ) throws -> T {
        reconnectIfLost(configuration, applicationName: applicationName, logger: logger)
        do {
            return try body(value)
        } catch {
            guard !value.isHealthy else { throw error }
            reconnectIfLost(configuration, applicationName: applicationName, logger: logger)
            return try body(value)
        }
    }

    /// Connects again if the connection was lost, without waiting for a batch to fail first (an idle
    /// worker would otherwise write its heartbeat into a dead connection for ever).
    func reconnectIfLost(_ configuration: SuiviConfiguration, applicationName: String, logger: Logger) {
        guard !value.isHealthy else { return }
        logger.warning("reconnecting to PostgreSQL")
        if let connection = try? Connections.database(configuration, applicationName: applicationName, logger: logger) {
            value = connection
        }
    }
}
