public import Logging
public import SuiviKafka

/// The topics on the cluster against the configuration: creates the missing ones as ``TopicPolicy``
/// says, describes them, and refuses to go on with an events topic that deletes old events.
public enum TopicCheck {
    /// One topic as found, with what differs from the configuration.
    public struct Row: Sendable {
        public var name: String
        public var description: TopicDescription?
        public var mismatches: [TopicMismatch]
    }

    /// Creates missing topics with the configured settings, then describes the events topic and throws
    /// ``OperationFailure`` (`configuration`) (exit 78, one line) when it deletes old events and
    /// `SUIVI_ALLOW_FINITE_EVENTS_RETENTION` is not `true`. What workers, `suivi topics` and
    /// `relay republish` run at start.
    public static func ensure(_ configuration: SuiviConfiguration, logger: Logger) throws {
        let policy = TopicPolicy(configuration)
        let admin = try KafkaAdmin(configuration: configuration.kafka(clientID: "suivi-admin"), logger: logger)
        try admin.checkConnection(timeout: .seconds(5))
        try admin.createTopics(policy.specs)
        guard let events = try admin.describeTopics([configuration.topics.events]).first else { return }
        if !events.configsDescribed {
            logger.warning("the broker did not describe the events topic's configuration: its retention is not checked", metadata: [
                "kafka.topic": "\(events.name)",
            ])
        }
        if let refusal = policy.startRefusal(events) { throw refusal }
        if configuration.topicSettings.allowFiniteEventsRetention, !policy.deletesOldEvents(events).isEmpty {
            logger.warning("the events topic deletes old events; SUIVI_ALLOW_FINITE_EVENTS_RETENTION=true lets the worker run anyway", metadata: [
                "kafka.topic": "\(events.name)",
            ])
        }
    }

    /// Describes the four topics (creating nothing) and compares them with the configuration.
    public static func describe(_ configuration: SuiviConfiguration, logger: Logger) throws -> [Row] {
        let policy = TopicPolicy(configuration)
        let admin = try KafkaAdmin(configuration: configuration.kafka(clientID: "suivi-admin"), logger: logger)
        try admin.checkConnection(timeout: .seconds(5))
        let described = try admin.describeTopics(configuration.topics.all)
        let mismatches = policy.mismatches(described)
        return configuration.topics.all.map { name in
            Row(name: name, description: described.first { $0.name == name }, mismatches: mismatches.filter { $0.topic == name })
        }
    }
}
