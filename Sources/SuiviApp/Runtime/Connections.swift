public import Logging
internal import SuiviKafka
public import SuiviPostgres
internal import SuiviStore

/// Opens the connections every executable needs, checking each one so that bad configuration fails
/// at start with one line that says what to do, not later with a hang.
public enum Connections {
    /// Connects to PostgreSQL; migrates first when asked, otherwise checks the schema is current.
    public static func database(
        _ configuration: SuiviConfiguration, applicationName: String, migrate: Bool = false, logger: Logger
    ) throws -> PostgresConnection {
        let connection = try PostgresConnection(
            connectionString: configuration.databaseURL, applicationName: applicationName,
            password: configuration.databasePassword, logger: logger)
        let migrator = Migrator(connection: connection, logger: logger)
        if migrate { try migrator.migrate() } else { try migrator.ensureCurrent() }
        return connection
    }

    /// Checks that the brokers answer, creates any missing topic with the configured settings, and
    /// refuses an events topic that deletes old events (``TopicCheck/ensure(_:logger:)``).
    public static func ensureTopics(_ configuration: SuiviConfiguration, logger: Logger) throws {
        try TopicCheck.ensure(configuration, logger: logger)
    }
}
