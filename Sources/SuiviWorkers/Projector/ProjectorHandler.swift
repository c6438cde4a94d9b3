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
    /// The transactions a batch is applied in at once (`SUIVI_PROJECTOR_LANES`), and which streams each takes.
    private let lanes: ConnectionLanes
    private let assignment: LaneAssignment

    init(configuration: SuiviConfiguration, metrics: WorkerMetrics, logger: Logger, schema: String = ReadModelSchema.live) throws {
        self.configuration = configuration
        self.logger = logger
        self.metrics = metrics
        self.schema = schema
        producer = try KafkaProducer(configuration: configuration.kafka(clientID: Self.kind.executable), logger: logger)
        lanes = ConnectionLanes(count: configuration.projectorLanes, name: Self.kind.executable, logger: logger) { name in
            try Connections.database(configuration, applicationName: name, logger: logger)
        }
        assignment = LaneAssignment(lanes: configuration.projectorLanes)
    }

    var canIsolate: Bool { false }
    var pollTimeout: Duration { .milliseconds(250) }
    /// `SUIVI_BATCH_SIZE` messages a lane, about as many in each transaction as with one lane: per-batch
    /// costs (the loads, the statements around each COPY, the commits) are then spread over as many
    /// events. With 2,000 a poll and two lanes of 1,000, the projector made 25.5-27.5k events/s on the
    /// kept bench data set; with 4,000, 29.6-33.5k (docs/PERFORMANCE.md, "Projector lanes").
    var pollLimit: Int { configuration.batchSize * lanes.count }

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

    /// What one lane's transaction did.
    private struct LaneResult: Sendable {
        var applied: ReadModelStore.Applied
        var parked: [DeadLetter]
        var dead: [DeadLetter]
    }

    /// Applies a batch. When it is small (``LaneAssignment/minimumShare``), its events are of one stream,
    /// or there is one lane: in one transaction with the batch's offsets, as always. Otherwise each lane's
    /// share of the streams in a transaction of its own, all at once (``ConnectionLanes``), and the offsets
    /// in one more once all have committed: an event is then applied once whatever fails, since the read
    /// models skip what they hold by stream version (as they do for an event the relay published again).
    /// A lane that fails leaves the others committed; the batch is retried whole, and what they applied is
    /// skipped.
    func commit(_ batch: Batch, _ connection: PostgresConnection) async throws {
        let parts = split(batch)
        let offsetsApart = parts.count > 1
        let readModels = ReadModelStore(connection: connection, schema: schema)
        // Across the lanes' transactions and the offsets', no swap: a rebuild from the topic brings the
        // shadow up to the stored offsets, and would miss what the lanes applied past them.
        if offsetsApart { try readModels.holdSwapLock() }
        defer { if offsetsApart { try? readModels.releaseSwapLock() } }
        let results = lanes.run(parts, primary: connection) { [self] part, connection in
            try apply(part, next: offsetsApart ? nil : batch.next, connection)
        }
        var applied = ReadModelStore.Applied(applied: 0, skipped: 0)
        var parked: [DeadLetter] = []
        var dead: [DeadLetter] = []
        var failure: (any Error)?
        for result in results {
            switch result {
            case .success(let lane):
                applied.applied += lane.applied.applied
                applied.skipped += lane.applied.skipped
                applied.filled += lane.applied.filled
                parked += lane.parked
                dead += lane.dead
            case .failure(let error):
                failure = failure ?? error
            }
        }
        // The dead letters of the lanes that committed are in their table: publish them whatever the others
        // did (the retry publishes them again: the dead-letters topic is at least once, like every topic).
        if !dead.isEmpty { unpublished.withLock { $0.append(contentsOf: dead) } }
        if let failure { throw failure }
        if offsetsApart {
            try connection.transaction { _ in
                try readModels.saveOffsets(group: configuration.projectorGroup, topic: configuration.topics.events, next: batch.next)
            }
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
        }
        await publishDeadLetters()
        own.projected(applied)
        metrics.committed(batch.count, deadLetters: dead.count + parked.count, next: batch.next, since: batch.started)
        logger.debug("batch applied", metadata: [
            "suivi.batch.size": "\(batch.count)", "suivi.applied": "\(applied.applied)", "suivi.skipped": "\(applied.skipped)",
        ])
    }

    /// The batch's share of each lane (``LaneAssignment``): each stream's events in one part, the dead
    /// letters (undecodable, of no stream) with the first part; the parts carry no offsets.
    private func split(_ batch: Batch) -> [Batch] {
        let shares = assignment.split(batch.events) { $0.event.streamID }
        return shares.enumerated().map { index, events in
            var part = Batch(events: events, count: events.count, started: batch.started)
            if index == 0 {
                part.dead = batch.dead
                part.count += batch.dead.count
            }
            return part
        }
    }

    /// One lane's transaction: its events applied (parking what cannot be), its dead letters and parked
    /// events recorded. With `next`, the whole batch in one transaction: the swap lock taken for it, and
    /// `next` stored as the partitions' next offsets; without, a lane's share under the lock the batch holds.
    private func apply(_ part: Batch, next: [Int32: Int64]?, _ connection: PostgresConnection) throws -> LaneResult {
        let readModels = ReadModelStore(connection: connection, schema: schema)
        let group = configuration.projectorGroup
        let applier = ParkingApplier(connection: connection, readModels: readModels, consumer: Self.kind.consumerName)
        return try connection.transaction { _ in
            if next != nil { try readModels.lockAgainstSwap() }
            let (applied, parked) = try applier.apply(part.events)
            try DeadLetterStore(connection: connection).park(part.dead + parked)
            if let next { try readModels.saveOffsets(group: group, topic: configuration.topics.events, next: next) }
            // Last: the statistics are one row that every lane updates, held until the lane commits.
            try readModels.recordStats(group: group, applied)
            return LaneResult(applied: applied, parked: parked, dead: part.dead)
        }
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
        lanes.close()
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
