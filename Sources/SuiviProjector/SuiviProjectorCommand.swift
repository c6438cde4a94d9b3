import ArgumentParser
import SuiviApp

@main
struct SuiviProjectorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suivi-projector",
        abstract: "Applies events from the events topic to the PostgreSQL read models.",
        discussion: """
            Reads suivi.events in the consumer group SUIVI_PROJECTOR_GROUP (default suivi-projector). Each batch's \
            read-model changes and consumed offsets are written in one transaction, so each event is applied exactly \
            once; an event seen again (a republished one) is skipped by its stream version.

            Configuration (environment): SUIVI_DATABASE_URL, SUIVI_KAFKA_BROKERS, SUIVI_KAFKA_PROPERTIES, \
            SUIVI_TOPIC_EVENTS, SUIVI_TOPIC_DEADLETTERS, SUIVI_PARTITIONS, SUIVI_PROJECTOR_GROUP, SUIVI_BATCH_SIZE, \
            SUIVI_LOG_LEVEL, SUIVI_LOG_FORMAT. See README.md.

            Metrics: GET /metrics (Prometheus) and GET /healthz on SUIVI_METRICS_ADDRESS (default 127.0.0.1), port SUIVI_METRICS_PORT (default 9465; 0 disables).

            Stops gracefully on SIGTERM or SIGINT, finishing or rolling back the batch in hand.
            """)

    @Flag(help: "Apply pending schema migrations before starting.")
    var migrate = false

    func run() async throws {
        await WorkerMain.run(name: "suivi-projector", migrate: migrate) { configuration, migrate, logger in
            Worker(.projector, configuration: configuration, migrate: migrate, logger: logger)
        }
    }
}
