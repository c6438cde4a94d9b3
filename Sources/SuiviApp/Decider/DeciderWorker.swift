public import Logging
public import ServiceLifecycle
internal import SuiviDomain
internal import SuiviKafka
internal import SuiviPostgres
internal import SuiviStore

/// Turns commands into events: reads `suivi.commands` in a consumer group, decides each batch in one
/// PostgreSQL transaction (events with their hash chain, outcomes, dead letters and the consumed
/// offsets together), then publishes the new events and outcomes (the relay).
///
/// Exactly-once: offsets live in PostgreSQL beside the effects, and a partition's consumer starts at
/// the stored offset. Publishing happens after the commit; what a crash left unpublished is published
/// again from the store when the partition is next assigned (consumers dedupe by stream version).
public struct DeciderWorker: Service {
    private let configuration: SuiviConfiguration
    private let logger: Logger
    private let migrate: Bool
    private let stopFlag = StopFlag()

    public init(configuration: SuiviConfiguration, migrate: Bool, logger: Logger) {
        self.configuration = configuration
        self.migrate = migrate
        self.logger = logger
    }

    public func run() async throws {
        let executor = DedicatedThreadExecutor(label: "suivi.decider")
        try await withTaskExecutorPreference(executor) {
            try await withGracefulShutdownHandler {
                var loop = try DeciderLoop(configuration: configuration, migrate: migrate, logger: logger)
                try await loop.run(until: stopFlag)
            } onGracefulShutdown: {
                stopFlag.stop()
            }
        }
    }
}
