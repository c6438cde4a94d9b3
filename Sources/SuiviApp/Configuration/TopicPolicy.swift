public import SuiviKafka

/// What Suivi creates for each topic and whether a described topic matches it: a plain value, so
/// that the decisions are tested without a broker (``TopicCheck`` does the I/O).
public struct TopicPolicy: Sendable {
    public var topics: Topics
    public var partitions: Int32
    public var settings: TopicSettings

    public init(topics: Topics, partitions: Int32, settings: TopicSettings) {
        self.topics = topics
        self.partitions = partitions
        self.settings = settings
    }

    public init(_ configuration: SuiviConfiguration) {
        self.init(topics: configuration.topics, partitions: configuration.partitions, settings: configuration.topicSettings)
    }

    /// The five topics as Suivi creates them. The events and checkpoints topics are kept forever whatever
    /// the settings: rebuilds and audits read the events from the beginning, and the checkpoints are the
    /// record that a database owner cannot rewrite. The checkpoints topic has one partition, which keeps
    /// them in their order for any reader.
    public var specs: [TopicSpec] {
        [
            spec(topics.commands, retention: settings.commandsRetentionMs),
            spec(topics.events, retention: -1, extra: ["retention.bytes": "-1"]),
            spec(topics.outcomes, retention: settings.outcomesRetentionMs),
            spec(topics.deadLetters, retention: settings.deadLettersRetentionMs),
            spec(topics.checkpoints, retention: -1, partitions: 1, extra: ["retention.bytes": "-1"]),
        ]
    }

    private func spec(_ name: String, retention: Int64, partitions: Int32? = nil, extra: [String: String] = [:]) -> TopicSpec {
        var config = extra
        config["retention.ms"] = String(retention)
        config["cleanup.policy"] = "delete"
        if let minimum = settings.minInsyncReplicas { config["min.insync.replicas"] = String(minimum) }
        return TopicSpec(name: name, partitions: partitions ?? self.partitions, replicationFactor: settings.replicationFactor, config: config)
    }

    /// Every difference between the described topics and ``specs``. Configuration keys the broker did not
    /// describe are reported as `unknown` (a broker that cannot describe configurations cannot be checked).
    public func mismatches(_ described: [TopicDescription]) -> [TopicMismatch] {
        var found: [TopicMismatch] = []
        for spec in specs {
            guard let topic = described.first(where: { $0.name == spec.name }) else {
                found.append(TopicMismatch(topic: spec.name, setting: "exists", expected: "yes", actual: "no"))
                continue
            }
            if topic.partitions != Int(spec.partitions) {
                found.append(TopicMismatch(topic: spec.name, setting: "partitions", expected: "\(spec.partitions)", actual: "\(topic.partitions)"))
            }
            if topic.replicationFactor != Int(spec.replicationFactor) {
                found.append(TopicMismatch(
                    topic: spec.name, setting: "replication.factor", expected: "\(spec.replicationFactor)", actual: "\(topic.replicationFactor)"))
            }
            for key in ["retention.ms", "retention.bytes", "min.insync.replicas"] {
                guard let expected = spec.config[key] else { continue }
                let actual = topic.configs[key] ?? "unknown"
                if actual != expected {
                    found.append(TopicMismatch(topic: spec.name, setting: key, expected: expected, actual: actual))
                }
            }
        }
        return found
    }

    /// The settings by which the events topic deletes old events (`retention.ms=604800000`...), empty when
    /// it keeps them forever or when the broker did not describe its configuration.
    public func deletesOldEvents(_ events: TopicDescription) -> [String] {
        ["retention.ms", "retention.bytes"].compactMap { key in
            guard let value = events.configs[key], let number = Int64(value), number >= 0 else { return nil }
            return "\(key)=\(value)"
        }
    }

    /// Why a worker must not start with this events topic, in one line, or nil when it may: the topic
    /// deletes old events (finite `retention.ms` or `retention.bytes`) and the operator did not allow it.
    public func startRefusal(_ events: TopicDescription) -> OperationFailure? {
        let finite = deletesOldEvents(events)
        guard !settings.allowFiniteEventsRetention, !finite.isEmpty else { return nil }
        return OperationFailure(.configuration, 
            "topic \(events.name) deletes old events (\(finite.joined(separator: ", "))) but rebuilds and audits need its whole history: "
                + "set retention.ms=-1 and retention.bytes=-1 on it (kafka-configs.sh --alter --entity-type topics --entity-name "
                + "\(events.name) --add-config retention.ms=-1,retention.bytes=-1), or set SUIVI_ALLOW_FINITE_EVENTS_RETENTION=true to run anyway")
    }
}
