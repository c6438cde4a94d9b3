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

    mutating func run(until stop: StopFlag) async throws {
        let group = configuration.projectorGroup
        let topic = configuration.topics.events
        let database = self.database
        let configuration = self.configuration
        let schema = self.schema
        let logger = self.logger
        let assigned = PartitionSet()
        var heartbeat = Heartbeat(worker: "projector", group: group)
        let metrics = self.metrics
        try consumer.subscribe(
            topics: [topic],
            onAssign: { partitions in
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
            database.reconnectIfLost(configuration, applicationName: "suivi-projector", logger: logger)
            heartbeat.tick(database.value, logger: logger)
            metrics.polled()
            if messages.isEmpty { continue }
            while true {
                do {
                    try await process(messages)
                    heartbeat.processed(messages.count)
                    backoff.reset()
                    break
                } catch {
                    logger.error("projector batch failed; retrying", metadata: ["error": "\(error)", "suivi.batch.size": "\(messages.count)"])
                    if stop.isStopping || Task.isCancelled { break }
                    try await Task.sleep(for: backoff.next())
                    database.reconnectIfLost(configuration, applicationName: "suivi-projector", logger: logger)
                }
            }
        }
        heartbeat.remove(database.value)
        producer.close()
        consumer.close()
        database.value.close()
        logger.info("projector stopped")
    }

    private func process(_ messages: [KafkaMessage]) async throws {
        var events: [ParkingApplier.Item] = []
        let started = ContinuousClock.now
        var dead: [DeadLetter] = []
        var next: [Int32: Int64] = [:]
        events.reserveCapacity(messages.count)
        for message in messages {
            next[message.partition] = max(next[message.partition] ?? 0, message.offset + 1)
            switch EventEnvelope.decode(message.value) {
            case .success(let event): events.append(ParkingApplier.Item(event: event, message: message))
            case .failure(let failure):
                dead.append(DeadLetter(consumer: Self.consumerName, topic: message.topic, partition: message.partition,
                    offset: message.offset, key: message.key, value: message.value, reasonCode: failure.code.rawValue,
                    reason: failure.description))
            }
        }
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
        if !parked.isEmpty {
            logger.warning("events parked", metadata: [
                "suivi.parked": "\(parked.count)", "suivi.streams": "\(Set(parked.compactMap(\.streamID)).sorted())",
            ])
        }
        if !dead.isEmpty {
            logger.warning("events dead-lettered", metadata: ["suivi.deadletters": "\(dead.count)"])
            _ = try? await producer.send(dead.map { letter in
                OutgoingMessage(topic: configuration.topics.deadLetters, key: letter.key, value: letter.value, headers: [
                    KafkaHeader(name: "suivi.reason.code", value: Array(letter.reasonCode.utf8)),
                    KafkaHeader(name: "suivi.reason", value: Array(letter.reason.utf8)),
                ])
            })
        }
        metrics.projected(messages.count, counts: applied, deadLetters: dead.count + parked.count, next: next, since: started)
        logger.debug("batch applied", metadata: ["suivi.batch.size": "\(messages.count)", "suivi.applied": "\(applied.applied)", "suivi.skipped": "\(applied.skipped)"])
    }

}
