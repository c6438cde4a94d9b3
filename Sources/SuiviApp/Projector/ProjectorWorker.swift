public import Logging
public import ServiceLifecycle

/// Applies events from `suivi.events` to the read models: one transaction per batch holds the
/// read-model changes and the consumed offsets, so each event is applied exactly once.
public struct ProjectorWorker: Service {
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
        let executor = DedicatedThreadExecutor(label: "suivi.projector")
        try await withTaskExecutorPreference(executor) {
            try await withGracefulShutdownHandler {
                var loop = try ProjectorLoop(configuration: configuration, migrate: migrate, logger: logger)
                try await loop.run(until: stopFlag)
            } onGracefulShutdown: {
                stopFlag.stop()
            }
        }
    }
}
