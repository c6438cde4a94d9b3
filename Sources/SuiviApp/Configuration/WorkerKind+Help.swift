extension WorkerKind {
    /// The one-line summary of the executable's `--help`.
    public var abstract: String {
        switch self {
        case .decider: "Turns commands from the commands topic into events in the event store, and publishes them."
        case .projector: "Applies events from the events topic to the PostgreSQL read models."
        }
    }

    /// The rest of the executable's `--help`: what it does, its configuration, its metrics, how it stops.
    public var discussion: String {
        let work: String
        let variables: String
        switch self {
        case .decider:
            work = """
                Reads suivi.commands (structured or binary CloudEvents) in the consumer group SUIVI_DECIDER_GROUP \
                (default suivi-decider). Each batch is decided in one PostgreSQL transaction: events with their hash \
                chain, one outcome per command (invalid for a message dead-lettered with a readable id), commands held \
                while a stream they read catches up (SUIVI_DEPENDENCY_WAIT), dead letters, and the consumed offsets. \
                After the commit, the new events go to suivi.events and the outcomes to suivi.outcomes. Run more \
                instances to share the partitions.
                """
            variables = "SUIVI_TOPIC_COMMANDS, SUIVI_TOPIC_EVENTS, SUIVI_TOPIC_OUTCOMES, SUIVI_TOPIC_DEADLETTERS, SUIVI_PARTITIONS, SUIVI_DECIDER_GROUP, SUIVI_BATCH_SIZE, SUIVI_DEPENDENCY_WAIT"
        case .projector:
            work = """
                Reads suivi.events in the consumer group SUIVI_PROJECTOR_GROUP (default suivi-projector). Each batch's \
                read-model changes and consumed offsets are written in one transaction, so each event is applied \
                exactly once; an event seen again (a republished one) is skipped by its stream version.
                """
            variables = "SUIVI_TOPIC_EVENTS, SUIVI_TOPIC_DEADLETTERS, SUIVI_PARTITIONS, SUIVI_PROJECTOR_GROUP, SUIVI_BATCH_SIZE, SUIVI_PROJECTOR_LANES"
        }
        return """
            \(work)

            Configuration (environment): SUIVI_DATABASE_URL, SUIVI_KAFKA_BROKERS, SUIVI_KAFKA_PROPERTIES, \(variables), \
            SUIVI_LOG_LEVEL, SUIVI_LOG_FORMAT. See README.md.

            Metrics: GET /metrics (Prometheus) and GET /healthz on SUIVI_METRICS_ADDRESS (default 127.0.0.1), port \
            SUIVI_METRICS_PORT (default \(defaultMetricsPort); 0 disables).

            Stops gracefully on SIGTERM or SIGINT, finishing or rolling back the batch in hand.
            """
    }
}
