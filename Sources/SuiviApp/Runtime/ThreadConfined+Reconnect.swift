import Foundation
import Logging
import SuiviPostgres

extension ThreadConfined where Value == PostgresConnection {
    /// Runs `body`, and when the connection was lost (PostgreSQL restarted, the backend terminated),
    /// connects again and retries, for up to about 30 s. Used where no later batch would retry: a
    /// rebalance callback that fails leaves its partitions without a start.
    func withReconnect<T>(
        _ configuration: SuiviConfiguration, applicationName: String, logger: Logger,
        _ body: (PostgresConnection) throws -> T
    ) throws -> T {
        var attempt = 0
        while true {
            do {
                if !value.isHealthy {
                    logger.warning("reconnecting to PostgreSQL")
                    value = try Connections.database(configuration, applicationName: applicationName, logger: logger)
                }
                return try body(value)
            } catch {
                attempt += 1
                if attempt >= 60 { throw error }
                Thread.sleep(forTimeInterval: 0.5)
            }
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
