/// Every environment variable the executables read, in one registry: the configuration reads them by
/// these names, and `DocumentedVariablesTests` checks that README.md, ops/RUNBOOK.md, .env.example
/// and docker-compose.yml document each one (and that no source file reads a name missing here).
public struct EnvironmentVariable: Sendable, Hashable {
    public let name: String
    /// The default, as documented (README.md, "Configuration").
    public let defaultValue: String

    init(_ name: String, default value: String) {
        self.name = name
        self.defaultValue = value
    }

    package static let databaseURL = EnvironmentVariable("SUIVI_DATABASE_URL", default: SuiviConfiguration.defaultDatabaseURL)
    package static let databasePasswordFile = EnvironmentVariable("SUIVI_DATABASE_PASSWORD_FILE", default: "none")
    package static let kafkaBrokers = EnvironmentVariable("SUIVI_KAFKA_BROKERS", default: SuiviConfiguration.defaultBrokers)
    package static let kafkaProperties = EnvironmentVariable("SUIVI_KAFKA_PROPERTIES", default: "none")
    package static let kafkaPropertiesFile = EnvironmentVariable("SUIVI_KAFKA_PROPERTIES_FILE", default: "none")
    package static let topicCommands = EnvironmentVariable("SUIVI_TOPIC_COMMANDS", default: "suivi.commands")
    package static let topicEvents = EnvironmentVariable("SUIVI_TOPIC_EVENTS", default: "suivi.events")
    package static let topicOutcomes = EnvironmentVariable("SUIVI_TOPIC_OUTCOMES", default: "suivi.outcomes")
    package static let topicDeadLetters = EnvironmentVariable("SUIVI_TOPIC_DEADLETTERS", default: "suivi.deadletters")
    package static let topicCheckpoints = EnvironmentVariable("SUIVI_TOPIC_CHECKPOINTS", default: "suivi.checkpoints")
    package static let partitions = EnvironmentVariable("SUIVI_PARTITIONS", default: "6")
    package static let replicationFactor = EnvironmentVariable("SUIVI_REPLICATION_FACTOR", default: "1")
    package static let minInsyncReplicas = EnvironmentVariable("SUIVI_MIN_INSYNC_REPLICAS", default: "none")
    package static let commandsRetention = EnvironmentVariable("SUIVI_COMMANDS_RETENTION_MS", default: "604800000")
    package static let outcomesRetention = EnvironmentVariable("SUIVI_OUTCOMES_RETENTION_MS", default: "604800000")
    package static let deadLettersRetention = EnvironmentVariable("SUIVI_DEADLETTERS_RETENTION_MS", default: "2592000000")
    package static let allowFiniteEventsRetention = EnvironmentVariable("SUIVI_ALLOW_FINITE_EVENTS_RETENTION", default: "false")
    package static let deciderGroup = EnvironmentVariable("SUIVI_DECIDER_GROUP", default: "suivi-decider")
    package static let projectorGroup = EnvironmentVariable("SUIVI_PROJECTOR_GROUP", default: "suivi-projector")
    package static let batchSize = EnvironmentVariable("SUIVI_BATCH_SIZE", default: "2000")
    package static let projectorLanes = EnvironmentVariable("SUIVI_PROJECTOR_LANES", default: "2")
    package static let dependencyWait = EnvironmentVariable("SUIVI_DEPENDENCY_WAIT", default: "5000")
    package static let logLevel = EnvironmentVariable("SUIVI_LOG_LEVEL", default: "info")
    package static let logFormat = EnvironmentVariable("SUIVI_LOG_FORMAT", default: "text")
    package static let metricsAddress = EnvironmentVariable("SUIVI_METRICS_ADDRESS", default: "127.0.0.1")
    package static let metricsPort = EnvironmentVariable("SUIVI_METRICS_PORT", default: "9464")
    package static let auditKeyFile = EnvironmentVariable("SUIVI_AUDIT_KEY_FILE", default: "none")
    package static let checkpointKeyFile = EnvironmentVariable("SUIVI_CHECKPOINT_KEY_FILE", default: "none")
    package static let checkpointEvents = EnvironmentVariable("SUIVI_CHECKPOINT_EVENTS", default: "10000")
    package static let checkpointSeconds = EnvironmentVariable("SUIVI_CHECKPOINT_SECONDS", default: "30")
    package static let language = EnvironmentVariable("SUIVI_LANG", default: "from LANG, else en")

    /// The registry, in the order README.md documents them.
    public static let all: [EnvironmentVariable] = [
        databaseURL, databasePasswordFile, kafkaBrokers, kafkaProperties, kafkaPropertiesFile,
        topicCommands, topicEvents, topicOutcomes, topicDeadLetters, topicCheckpoints, partitions, replicationFactor, minInsyncReplicas,
        commandsRetention, outcomesRetention, deadLettersRetention, allowFiniteEventsRetention,
        deciderGroup, projectorGroup, batchSize, projectorLanes, dependencyWait, logLevel, logFormat, metricsAddress, metricsPort,
        auditKeyFile, checkpointKeyFile, checkpointEvents, checkpointSeconds, language,
    ]
}
