import SuiviApp
import Logging
import SuiviDomain
import SuiviKafka
import SuiviPostgres
import SuiviStore

/// The projector, as a handler of the ``ConsumerWorker`` engine: applies events to the read models with
/// the consumed offsets in the same transaction (an event delivered again is skipped by its stream
/// version), parks an event a projection cannot apply with its stream's later ones, and publishes its
/// dead letters, again later when the broker does not take them at first.
struct ProjectorHandler: ConsumerHandler {
    static let kind = WorkerKind.projector

    private let configuration: SuiviConfiguration
    private let logger: Logger
    private let producer: KafkaProducer
    private let metrics: WorkerMetrics
    private let own = ProjectorMetrics()
    private let schema: String
    /// Dead letters committed whose publication the broker has not taken yet: published again after the
    /// next batch and when idle (the table keeps them whatever happens).
    private let unpublished = Locked<[DeadLetter]>([])

    init(configuration: SuiviConfiguration, metrics: WorkerMetrics, logger: Logger, schema: String = ReadModelSchema.live) throws {
        self.configuration = configuration
        self.logger = logger
        self.metrics = metrics
        self.schema = schema
        producer = try KafkaProducer(configuration: configuration.kafka(clientID: Self.kind.executable), logger: logger)
    }

    var canIsolate: Bool { false }
    var pollTimeout: Duration { .milliseconds(250) }

    func assigned(_ partitions: [Int32], _ connection: PostgresConnection) throws -> [Int32: Int64] {
        try ReadModelStore(connection: connection, schema: schema).offsets(group: configuration.projectorGroup, topic: configuration.topics.events)
    }

    func revoked(_ partitions: [Int32]) {}

    /// A polled batch, decoded.
    struct Batch: Sendable {
        var events: [ParkingApplier.Item] = []
        var dead: [DeadLetter] = []
        var next: [Int32: Int64] = [:]
        var count: Int
        var started: ContinuousClock.Instant
    }

    func decode(_ messages: [KafkaMessage]) -> Batch {
        var batch = Batch(count: messages.count, started: ContinuousClock.now)
        batch.events.reserveCapacity(messages.count)
        for message in messages {
            batch.next[message.partition] = max(batch.next[message.partition] ?? 0, message.offset + 1)
            switch EventEnvelope.decode(message.value) {
            case .success(let event): batch.events.append(ParkingApplier.Item(event: event, message: message))
            case .failure(let failure):
                batch.dead.append(DeadLetter(consumer: Self.kind.consumerName, topic: message.topic, partition: message.partition,
                    offset: message.offset, key: message.key, value: message.value, reasonCode: failure.code.rawValue,
                    reason: failure.description, headers: message.headers.map(\.messageHeader)))
            }
        }
        return batch
    }

    func idleBatch() -> Batch? { nil }

    func count(_ batch: Batch) -> Int { batch.count }

    func commit(_ batch: Batch, _ connection: PostgresConnection) async throws {
        let events = batch.events
        let dead = batch.dead
        let next = batch.next
        let readModels = ReadModelStore(connection: connection, schema: schema)
        let group = configuration.projectorGroup
        let topic = configuration.topics.events
        let applier = ParkingApplier(connection: connection, readModels: readModels, consumer: Self.kind.consumerName)
        let (applied, parked) = try connection.transaction { _ in
            try readModels.lockAgainstSwap()
            let (applied, parked) = try applier.apply(events)
            try readModels.recordStats(group: group, applied)
            try DeadLetterStore(connection: connection).park(dead + parked)
            try readModels.saveOffsets(group: group, topic: topic, next: next)
            return (applied, parked)
        }
        if applied.filled > 0 {
            logger.warning("events missing before their successors were read from the store and applied first", metadata: [
                "suivi.filled": "\(applied.filled)",
            ])
        }
        if !parked.isEmpty {
            logger.warning("events parked", metadata: [
                "suivi.parked": "\(parked.count)", "suivi.streams": "\(Set(parked.compactMap(\.streamID)).sorted())",
            ])
        }
        if !dead.isEmpty {
            logger.warning("events dead-lettered", metadata: ["suivi.deadletters": "\(dead.count)"])
            unpublished.withLock { $0.append(contentsOf: dead) }
        }
        await publishDeadLetters()
        own.projected(applied)
        metrics.committed(batch.count, deadLetters: dead.count + parked.count, next: next, since: batch.started)
        logger.debug("batch applied", metadata: [
            "suivi.batch.size": "\(batch.count)", "suivi.applied": "\(applied.applied)", "suivi.skipped": "\(applied.skipped)",
        ])
    }

    func commitIsolating(_ batch: Batch, _ connection: PostgresConnection) async throws {
        try await commit(batch, connection)
    }

    func failed() {}

    func idle(_ connection: PostgresConnection) async throws {
        await publishDeadLetters()
    }

    func stopping(_ connection: PostgresConnection) async {
        await publishDeadLetters()
        producer.close()
    }

    /// Publishes the dead letters not yet on the dead-letters topic; those the broker refuses wait for the
    /// next call. Their rows are already committed, so nothing is lost meanwhile.
    private func publishDeadLetters() async {
        let letters = unpublished.withLock { pending in
            defer { pending = [] }
            return pending
        }
        guard !letters.isEmpty else { return }
        do {
            _ = try await producer.send(letters.map { $0.message(topic: configuration.topics.deadLetters) })
        } catch {
            logger.warning("publishing dead letters failed; will publish them again", metadata: [
                "error": "\(error)", "suivi.deadletters": "\(letters.count)",
            ])
            unpublished.withLock { $0.insert(contentsOf: letters, at: 0) }
        }
    }
}
