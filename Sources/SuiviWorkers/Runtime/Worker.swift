public import SuiviApp
import SuiviThreads
public import Logging
public import ServiceLifecycle

/// One worker process's service: the ``ConsumerWorker`` engine with the decider's or the projector's
/// handler, run on a dedicated thread (so that its blocking libpq and librdkafka calls never occupy
/// Swift's cooperative pool), stopped between batches by a graceful shutdown (SIGTERM, SIGINT).
///
/// - The decider turns commands into events: it reads the commands topic in a consumer group, decides
///   each batch in one PostgreSQL transaction (events with their hash chain, outcomes, dead letters and
///   the consumed offsets together), then publishes the new events and outcomes (the relay). What a
///   crash left unpublished is published again from the store when the partition is next assigned.
/// - The projector applies events to the read models, with the consumed offsets in the same
///   transaction; an event delivered again is skipped by its stream version.
public struct Worker: Service {
    public let kind: WorkerKind
    private let configuration: SuiviConfiguration
    private let logger: Logger
    private let migrate: Bool
    private let stopFlag = StopFlag()

    public init(_ kind: WorkerKind, configuration: SuiviConfiguration, migrate: Bool, logger: Logger) {
        self.kind = kind
        self.configuration = configuration
        self.migrate = migrate
        self.logger = logger
    }

    public func run() async throws {
        let executor = DedicatedThreadExecutor(label: "suivi.\(kind.rawValue)")
        try await withTaskExecutorPreference(executor) {
            try await withGracefulShutdownHandler {
                try Connections.ensureTopics(configuration, logger: logger)
                let connection = try Connections.database(
                    configuration, applicationName: kind.executable, migrate: migrate, logger: logger)
                let metrics = WorkerMetrics(kind, topic: kind.inputTopic(in: configuration), configuration: configuration, logger: logger)
                switch kind {
                case .decider:
                    let handler = try DeciderHandler(configuration: configuration, metrics: metrics, logger: logger)
                    try await ConsumerWorker(handler, metrics: metrics, configuration: configuration, logger: logger)
                        .run(database: WorkerDatabase(connection, configuration: configuration, applicationName: kind.executable, logger: logger), until: stopFlag)
                case .projector:
                    let handler = try ProjectorHandler(configuration: configuration, metrics: metrics, logger: logger)
                    try await ConsumerWorker(handler, metrics: metrics, configuration: configuration, logger: logger)
                        .run(database: WorkerDatabase(connection, configuration: configuration, applicationName: kind.executable, logger: logger), until: stopFlag)
                }
            } onGracefulShutdown: {
                stopFlag.stop()
            }
        }
    }
}
