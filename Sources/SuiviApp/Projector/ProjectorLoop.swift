import Logging
import SuiviDomain
import SuiviKafka
import SuiviPostgres
import SuiviStore

/// The projector's loop; runs on the worker's dedicated thread.
struct ProjectorLoop {
    private let configuration: SuiviConfiguration
    private let logger: Logger
    private let database: ThreadConfined<PostgresConnection>
    private let producer: KafkaProducer
    private let consumer: KafkaConsumer
    private let metrics: WorkerMetrics
    private let schema: String
    static let consumerName = "projector"

    init(configuration: SuiviConfiguration, migrate: Bool, logger: Logger, schema: String = ReadModelSchema.live) throws {
        self.configuration = configuration
        self.logger = logger
        self.schema = schema
        try Connections.ensureTopics(configuration, logger: logger)
        database = ThreadConfined(try Connections.database(configuration, applicationName: "suivi-projector", migrate: migrate, logger: logger))
        producer = try KafkaProducer(configuration: configuration.kafka(clientID: "suivi-projector"), logger: logger)
        consumer = try KafkaConsumer(configuration: configuration.kafka(clientID: "suivi-projector"), groupID: configuration.projectorGroup, logger: logger)
        metrics = WorkerMetrics(.projector, topic: configuration.topics.events, configuration: configuration, logger: logger)
    }

    func run(until stop: StopFlag) async throws {
        let group = configuration.projectorGroup
        let topic = configuration.topics.events
        let database = self.database
        let configuration = self.configuration
        let schema = self.schema
        let logger = self.logger
        let assigned = PartitionSet()
        var heartbeat = Heartbeat(worker: "projector", group: group)
        let metrics = self.metrics
        // Batches commit on a thread of their own while this one polls and decodes the next.
        let handOff = BatchHandOff<Int>(label: "suivi.projector.batches")
        try consumer.subscribe(
            topics: [topic],
            onAssign: { partitions in
                // The stored offsets include the batch in flight only once it has committed.
                handOff.waitUntilIdle()
                let stored = try database.withReconnect(configuration, applicationName: "suivi-projector", logger: logger) {
                    try ReadModelStore(connection: $0, schema: schema).offsets(group: group, topic: topic)
                }
                assigned.insert(partitions.map(\.partition))
                logger.info("partitions assigned", metadata: ["kafka.partitions": "\(partitions.map(\.partition).sorted())"])
                var start: [TopicPartition: Int64] = [:]
                for partition in partitions { start[partition] = stored[partition.partition] ?? 0 }
                metrics.assigned(start)
                return start
            },
            onRevoke: { partitions in
                // The batch in flight stores its offsets before the partitions go.
                handOff.waitUntilIdle()
                assigned.remove(partitions.map(\.partition))
                metrics.revoked(partitions)
                logger.info("partitions revoked", metadata: ["kafka.partitions": "\(partitions.map(\.partition).sorted())"])
            })
        logger.info("projector started", metadata: ["kafka.topic": "\(topic)", "kafka.group": "\(group)"])
        var backoff = Backoff()
        while !stop.isStopping && !Task.isCancelled {
            let messages: [KafkaMessage]
            do {
                messages = try consumer.poll(maxMessages: configuration.batchSize, timeout: .milliseconds(250))
            } catch {
                logger.error("projector poll failed", metadata: ["error": "\(error)"])
                try await Task.sleep(for: backoff.next())
                continue
            }
            heartbeat.assigned(assigned.members)
            metrics.polled()
            let batch = messages.isEmpty ? nil : decode(messages)
            if let committed = await handOff.finish(), committed > 0 {
                heartbeat.processed(committed)
                backoff.reset()
            }
            // No batch in flight: the connection is this thread's until the next start.
            database.reconnectIfLost(configuration, applicationName: "suivi-projector", logger: logger)
            heartbeat.tick(database.value, logger: logger)
            guard let batch else { continue }
            let loop = self
            handOff.start { await loop.commit(batch, until: stop) }
        }
        if let committed = await handOff.finish() { heartbeat.processed(committed) }
        heartbeat.remove(database.value)
        producer.close()
        consumer.close()
        database.value.close()
        logger.info("projector stopped")
    }

    /// A polled batch, decoded.
    private struct Batch: Sendable {
        var events: [ParkingApplier.Item] = []
        var dead: [DeadLetter] = []
        var next: [Int32: Int64] = [:]
        var count: Int
        var started: ContinuousClock.Instant
    }

    /// Decodes a batch: CPU only, so it runs on the loop thread while the previous batch commits.
    private func decode(_ messages: [KafkaMessage]) -> Batch {
        var batch = Batch(count: messages.count, started: ContinuousClock.now)
        batch.events.reserveCapacity(messages.count)
        for message in messages {
            batch.next[message.partition] = max(batch.next[message.partition] ?? 0, message.offset + 1)
            switch EventEnvelope.decode(message.value) {
            case .success(let event): batch.events.append(ParkingApplier.Item(event: event, message: message))
            case .failure(let failure):
                batch.dead.append(DeadLetter(consumer: Self.consumerName, topic: message.topic, partition: message.partition,
                    offset: message.offset, key: message.key, value: message.value, reasonCode: failure.code.rawValue,
                    reason: failure.description))
            }
        }
        return batch
    }

    /// Applies a batch, retrying until it commits or the worker stops: the offsets are only stored with
    /// its effects. Runs on the hand-off's thread.
    /// - Returns: How many messages were committed (none when the worker stopped first).
    private func commit(_ batch: Batch, until stop: StopFlag) async -> Int {
        var backoff = Backoff()
        while true {
            do {
                try await apply(batch)
                return batch.count
            } catch {
                logger.error("projector batch failed; retrying", metadata: ["error": "\(error)", "suivi.batch.size": "\(batch.count)"])
                if stop.isStopping || Task.isCancelled { return 0 }
                try? await Task.sleep(for: backoff.next())
                database.reconnectIfLost(configuration, applicationName: "suivi-projector", logger: logger)
            }
        }
    }

    private func apply(_ batch: Batch) async throws {
        let events = batch.events
        let dead = batch.dead
        let next = batch.next
        let readModels = ReadModelStore(connection: database.value, schema: schema)
        let store = EventStore(connection: database.value)
        let group = configuration.projectorGroup
        let topic = configuration.topics.events
        let applier = ParkingApplier(connection: database.value, readModels: readModels, consumer: Self.consumerName)
        let (applied, parked) = try database.value.transaction { _ in
            try readModels.lockAgainstSwap()
            let (applied, parked) = try applier.apply(events)
            try readModels.recordStats(group: group, applied)
            try store.deadLetter(dead + parked)
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
            _ = try? await producer.send(dead.map { $0.message(topic: configuration.topics.deadLetters) })
        }
        metrics.projected(batch.count, counts: applied, deadLetters: dead.count + parked.count, next: next, since: batch.started)
        logger.debug("batch applied", metadata: ["suivi.batch.size": "\(batch.count)", "suivi.applied": "\(applied.applied)", "suivi.skipped": "\(applied.skipped)"])
    }

}
