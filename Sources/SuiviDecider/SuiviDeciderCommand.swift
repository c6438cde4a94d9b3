import ArgumentParser
import SuiviApp

@main
struct SuiviDeciderCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suivi-decider",
        abstract: "Turns commands from the commands topic into events in the event store, and publishes them.",
        discussion: """
            Reads suivi.commands in the consumer group SUIVI_DECIDER_GROUP (default suivi-decider). Each batch is \
            decided in one PostgreSQL transaction: events with their hash chain, one outcome per command, dead letters \
            for messages that cannot be decoded, and the consumed offsets. After the commit, the new events go to \
            suivi.events and the outcomes to suivi.outcomes. Run more instances to share the partitions.

            Configuration (environment): SUIVI_DATABASE_URL, SUIVI_KAFKA_BROKERS, SUIVI_KAFKA_PROPERTIES, \
            SUIVI_TOPIC_COMMANDS, SUIVI_TOPIC_EVENTS, SUIVI_TOPIC_OUTCOMES, SUIVI_TOPIC_DEADLETTERS, SUIVI_PARTITIONS, \
            SUIVI_DECIDER_GROUP, SUIVI_BATCH_SIZE, SUIVI_LOG_LEVEL, SUIVI_LOG_FORMAT. See README.md.

            Metrics: GET /metrics (Prometheus) and GET /healthz on SUIVI_METRICS_ADDRESS (default 127.0.0.1), port SUIVI_METRICS_PORT (default 9464; 0 disables).

            Stops gracefully on SIGTERM or SIGINT, finishing or rolling back the batch in hand.
            """)

    @Flag(help: "Apply pending schema migrations before starting.")
    var migrate = false

    func run() async throws {
        await WorkerMain.run(name: "suivi-decider", migrate: migrate) { configuration, migrate, logger in
            Worker(.decider, configuration: configuration, migrate: migrate, logger: logger)
        }
    }
}
