/// Which worker a process runs: its one identity, from which its executable's name, its client and
/// application names, its consumer group and input topic, the name its dead letters carry and the
/// `worker` label on every metric it serves all follow.
public enum WorkerKind: String, Sendable, Hashable, CaseIterable {
    case decider
    case projector

    /// The worker that an executable named `suivi-decider` or `suivi-projector` runs.
    public init?(executable name: String) {
        guard let kind = Self.allCases.first(where: { $0.executable == name }) else { return nil }
        self = kind
    }

    /// The executable's name, also its Kafka client id and its PostgreSQL application name.
    public var executable: String { "suivi-\(rawValue)" }

    /// The `consumer` of its dead letters (`suivi dlq` tells them apart by it).
    public var consumerName: String { rawValue }

    /// The consumer group it joins.
    public func group(in configuration: SuiviConfiguration) -> String {
        switch self {
        case .decider: configuration.deciderGroup
        case .projector: configuration.projectorGroup
        }
    }

    /// The topic it consumes.
    public func inputTopic(in configuration: SuiviConfiguration) -> String {
        switch self {
        case .decider: configuration.topics.commands
        case .projector: configuration.topics.events
        }
    }

    /// The port of the metrics endpoint unless `SUIVI_METRICS_PORT` says otherwise: one per worker, so that
    /// both run side by side on one machine.
    public var defaultMetricsPort: Int {
        switch self {
        case .decider: 9464
        case .projector: 9465
        }
    }
}
