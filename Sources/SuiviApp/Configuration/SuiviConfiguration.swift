public import SuiviKafka

/// Everything the executables need, filled from environment variables in one place, each with a
/// documented default (README.md, "Configuration").
public struct SuiviConfiguration: Sendable {
    /// `SUIVI_DATABASE_URL`: a libpq connection string or URI.
    public var databaseURL: String
    /// `SUIVI_KAFKA_BROKERS`: comma-separated `host:port` list.
    public var kafkaBrokers: String
    /// `SUIVI_DATABASE_PASSWORD_FILE`: a file whose content (trailing newline dropped) is the
    /// PostgreSQL password, given to libpq beside the connection string; `nil` leaves libpq to
    /// `PGPASSWORD`, `PGPASSFILE` or `~/.pgpass`.
    public var databasePassword: String?
    /// `SUIVI_KAFKA_PROPERTIES_FILE` (a librdkafka properties file, one `key=value` a line, any value
    /// allowed), then `SUIVI_KAFKA_PROPERTIES`: extra librdkafka properties, `key=value` separated by
    /// commas (e.g. `security.protocol=SASL_SSL,sasl.mechanism=SCRAM-SHA-512`), which win over the file's.
    public var kafkaProperties: [String: String]
    public var topics: Topics
    /// `SUIVI_PARTITIONS`: partitions of topics that Suivi creates.
    public var partitions: Int32
    /// Replication and retention of the topics Suivi creates (``TopicSettings``).
    public var topicSettings = TopicSettings()
    /// `SUIVI_DECIDER_GROUP`.
    public var deciderGroup: String
    /// `SUIVI_PROJECTOR_GROUP`.
    public var projectorGroup: String
    /// `SUIVI_BATCH_SIZE`: most messages a worker takes per transaction.
    public var batchSize: Int
    /// `SUIVI_PROJECTOR_LANES`: how many transactions a projector runs at once, each on a PostgreSQL
    /// connection and a thread of its own and each over its own share of the batch's streams
    /// (default 2; 1 applies every batch in one transaction, as before).
    public var projectorLanes: Int = 2
    /// The longest the decider holds a command whose decision reads another stream that has not yet
    /// reached the state it needs (`SUIVI_DEPENDENCY_WAIT`, milliseconds, default 5000; 0 decides at once).
    public var dependencyWaitMicroseconds: Int64 = 5_000_000
    /// `SUIVI_LOG_LEVEL`: trace, debug, info, notice, warning, error, critical.
    public var logLevel: String
    /// `SUIVI_LOG_FORMAT`: `text` or `json`.
    public var logFormat: String
    /// `SUIVI_METRICS_ADDRESS` and `SUIVI_METRICS_PORT`: where a worker serves `/metrics` and `/healthz`.
    public var metrics = MetricsConfiguration()
    /// `SUIVI_CHECKPOINT_KEY_FILE`, `SUIVI_CHECKPOINT_EVENTS`, `SUIVI_CHECKPOINT_SECONDS`: whether and how
    /// often the decider signs checkpoints of the ledger (``CheckpointConfiguration``).
    public var checkpoints = CheckpointConfiguration()

    public static let defaultDatabaseURL = "postgresql://suivi@127.0.0.1:54329/suivi"
    public static let defaultBrokers = "127.0.0.1:9092"

    /// Reads the configuration.
    /// - Throws: ``OperationFailure`` (`configuration`) naming the variable and what it accepts.
    public static func load(from environment: Environment = Environment()) throws -> SuiviConfiguration {
        func integer(_ name: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
            guard let text = environment[name] else { return value }
            guard let parsed = Int(text), range.contains(parsed) else {
                throw OperationFailure(.configuration, "\(name)=\(text) is not a whole number from \(range.lowerBound) to \(range.upperBound)")
            }
            return parsed
        }
        var properties: [String: String] = [:]
        if let path = environment[EnvironmentVariable.kafkaPropertiesFile.name] {
            properties = try SecretFile.properties(path, variable: EnvironmentVariable.kafkaPropertiesFile.name)
        }
        if let text = environment["SUIVI_KAFKA_PROPERTIES"] {
            for pair in text.split(separator: ",") {
                let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2, !parts[0].isEmpty else {
                    throw OperationFailure(.configuration, "SUIVI_KAFKA_PROPERTIES must be key=value pairs separated by commas; \"\(pair.prefix(40))\" is not")
                }
                properties[parts[0].trimmed] = parts[1].trimmed
            }
        }
        let level = environment["SUIVI_LOG_LEVEL"] ?? "info"
        guard ["trace", "debug", "info", "notice", "warning", "error", "critical"].contains(level) else {
            throw OperationFailure(.configuration, "SUIVI_LOG_LEVEL=\(level) is not one of trace, debug, info, notice, warning, error, critical")
        }
        let format = environment["SUIVI_LOG_FORMAT"] ?? "text"
        guard ["text", "json"].contains(format) else {
            throw OperationFailure(.configuration, "SUIVI_LOG_FORMAT=\(format) is not text or json")
        }
        let password = try environment[EnvironmentVariable.databasePasswordFile.name].map {
            try SecretFile.password($0, variable: EnvironmentVariable.databasePasswordFile.name)
        }
        return SuiviConfiguration(
            databaseURL: environment["SUIVI_DATABASE_URL"] ?? defaultDatabaseURL,
            kafkaBrokers: environment["SUIVI_KAFKA_BROKERS"] ?? defaultBrokers,
            databasePassword: password,
            kafkaProperties: properties,
            topics: Topics(
                commands: environment["SUIVI_TOPIC_COMMANDS"] ?? Topics.standard.commands,
                events: environment["SUIVI_TOPIC_EVENTS"] ?? Topics.standard.events,
                outcomes: environment["SUIVI_TOPIC_OUTCOMES"] ?? Topics.standard.outcomes,
                deadLetters: environment["SUIVI_TOPIC_DEADLETTERS"] ?? Topics.standard.deadLetters,
                checkpoints: environment[EnvironmentVariable.topicCheckpoints.name] ?? Topics.standard.checkpoints),
            partitions: Int32(try integer("SUIVI_PARTITIONS", default: 6, range: 1...1024)),
            topicSettings: try TopicSettings.load(from: environment),
            deciderGroup: environment["SUIVI_DECIDER_GROUP"] ?? "suivi-decider",
            projectorGroup: environment["SUIVI_PROJECTOR_GROUP"] ?? "suivi-projector",
            batchSize: try integer("SUIVI_BATCH_SIZE", default: 2000, range: 1...100_000),
            projectorLanes: try integer(EnvironmentVariable.projectorLanes.name, default: 2, range: 1...16),
            dependencyWaitMicroseconds: Int64(try integer("SUIVI_DEPENDENCY_WAIT", default: 5000, range: 0...600_000)) * 1000,
            logLevel: level,
            logFormat: format,
            metrics: try MetricsConfiguration.load(from: environment),
            checkpoints: try CheckpointConfiguration.load(from: environment))
    }

    /// The Kafka client configuration for a client of the given role.
    public func kafka(clientID: String) -> KafkaConfiguration {
        KafkaConfiguration(brokers: kafkaBrokers, clientID: clientID, properties: kafkaProperties)
    }
}

/// The five topics, with their documented default names.
public struct Topics: Sendable, Hashable {
    public var commands: String
    public var events: String
    public var outcomes: String
    public var deadLetters: String
    /// The signed checkpoints of the ledger (one partition, kept forever).
    public var checkpoints: String

    public static let standard = Topics(
        commands: "suivi.commands", events: "suivi.events", outcomes: "suivi.outcomes", deadLetters: "suivi.deadletters",
        checkpoints: "suivi.checkpoints")

    public init(commands: String, events: String, outcomes: String, deadLetters: String, checkpoints: String) {
        self.commands = commands
        self.events = events
        self.outcomes = outcomes
        self.deadLetters = deadLetters
        self.checkpoints = checkpoints
    }

    public var all: [String] { [commands, events, outcomes, deadLetters, checkpoints] }
}

extension String {
    var trimmed: String {
        var view = Substring(self)
        while view.first?.isWhitespace == true { view.removeFirst() }
        while view.last?.isWhitespace == true { view.removeLast() }
        return String(view)
    }
}
