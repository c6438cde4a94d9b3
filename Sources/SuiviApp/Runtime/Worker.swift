public import Logging
public import ServiceLifecycle

/// One worker process's service: the decider or the projector loop, run on a dedicated thread (so that
/// its blocking libpq and librdkafka calls never occupy Swift's cooperative pool), stopped between
/// batches by a graceful shutdown (SIGTERM, SIGINT).
///
/// - The decider turns commands into events: it reads the commands topic in a consumer group, decides
///   each batch in one PostgreSQL transaction (events with their hash chain, outcomes, dead letters and
///   the consumed offsets together), then publishes the new events and outcomes (the relay). What a
///   crash left unpublished is published again from the store when the partition is next assigned.
/// - The projector applies events to the read models, with the consumed offsets in the same
///   transaction; an event delivered again is skipped by its stream version.
public struct Worker: Service {
    public enum Kind: String, Sendable {
        case decider
        case projector
    }

    public let kind: Kind
    private let configuration: SuiviConfiguration
    private let logger: Logger
    private let migrate: Bool
    private let stopFlag = StopFlag()

    public init(_ kind: Kind, configuration: SuiviConfiguration, migrate: Bool, logger: Logger) {
        self.kind = kind
        self.configuration = configuration
        self.migrate = migrate
        self.logger = logger
    }

    public func run() async throws {
        let executor = DedicatedThreadExecutor(label: "suivi.\(kind.rawValue)")
        try await withTaskExecutorPreference(executor) {
            try await withGracefulShutdownHandler {
                switch kind {
                case .decider:
                    let loop = try DeciderLoop(configuration: configuration, migrate: migrate, logger: logger)
                    try await loop.run(until: stopFlag)
                case .projector:
                    let loop = try ProjectorLoop(configuration: configuration, migrate: migrate, logger: logger)
                    try await loop.run(until: stopFlag)
                }
            } onGracefulShutdown: {
                stopFlag.stop()
            }
        }
    }
}
