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
            connectionString: configuration.databaseURL, applicationName: applicationName, logger: logger)
        let migrator = Migrator(connection: connection, logger: logger)
        if migrate { try migrator.migrate() } else { try migrator.ensureCurrent() }
        return connection
    }

    /// Checks that the brokers answer, then creates any missing topic.
    public static func ensureTopics(_ configuration: SuiviConfiguration, logger: Logger) throws {
        let admin = try KafkaAdmin(configuration: configuration.kafka(clientID: "suivi-admin"), logger: logger)
        try admin.checkConnection(timeout: .seconds(5))
        let topics = configuration.topics
        try admin.createTopics([
            TopicSpec(name: topics.commands, partitions: configuration.partitions),
            TopicSpec(name: topics.events, partitions: configuration.partitions),
            TopicSpec(name: topics.outcomes, partitions: configuration.partitions),
            TopicSpec(name: topics.deadLetters, partitions: configuration.partitions),
        ])
    }
}
