import Logging
import SuiviKafka
import SuiviPostgres
import SuiviStore

/// The one consumer engine of both workers: a consumer group on the handler's input topic whose start
/// offsets come from PostgreSQL, the poll loop, the pipelined hand-off (batch n+1 is decoded while
/// batch n commits on a thread of its own), retries with back-off and isolation (``BatchRetry``),
/// reconnecting, the heartbeat, metrics and a graceful stop between batches. The decider and the
/// projector are its handlers (``ConsumerHandler``).
///
/// Rebalance callbacks need the stored offsets synchronously, inside `poll`, on the loop thread; they wait
/// until the batch in flight has committed (its offsets are then the ones stored) and read the offsets
/// with the loop's connection, which no batch holds at that moment.
struct ConsumerWorker<Handler: ConsumerHandler> {
    private let handler: Handler
    private let configuration: SuiviConfiguration
    private let logger: Logger
    private let database: ThreadConfined<PostgresConnection>
    private let consumer: KafkaConsumer
    private let metrics: WorkerMetrics

    init(
        _ handler: Handler, database: ThreadConfined<PostgresConnection>, metrics: WorkerMetrics,
        configuration: SuiviConfiguration, logger: Logger
    ) throws {
        self.handler = handler
        self.database = database
        self.metrics = metrics
        self.configuration = configuration
        self.logger = logger
        let kind = Handler.kind
        consumer = try KafkaConsumer(
            configuration: configuration.kafka(clientID: kind.executable), groupID: kind.group(in: configuration), logger: logger)
    }

    func run(until stop: StopFlag) async throws {
        let kind = Handler.kind
        let group = kind.group(in: configuration)
        let topic = kind.inputTopic(in: configuration)
        let (database, configuration, logger, metrics, handler) = (self.database, self.configuration, self.logger, self.metrics, self.handler)
        let assigned = PartitionSet()
        var heartbeat = Heartbeat(worker: kind.rawValue, group: group)
        let handOff = BatchHandOff<Int>(label: "suivi.\(kind.rawValue).batches")
        try consumer.subscribe(
            topics: [topic],
            onAssign: { partitions in
                handOff.waitUntilIdle()
                let numbers = partitions.map(\.partition)
                let stored = try database.withReconnect(configuration, applicationName: kind.executable, logger: logger) {
                    try handler.assigned(numbers, $0)
                }
                assigned.insert(numbers)
                logger.info("partitions assigned", metadata: ["kafka.partitions": "\(numbers.sorted())"])
                var start: [TopicPartition: Int64] = [:]
                for partition in partitions { start[partition] = stored[partition.partition] ?? 0 }
                metrics.assigned(start)
                return start
            },
            onRevoke: { partitions in
                handOff.waitUntilIdle()
                let numbers = partitions.map(\.partition)
                assigned.remove(numbers)
                handler.revoked(numbers)
                metrics.revoked(partitions)
                logger.info("partitions revoked", metadata: ["kafka.partitions": "\(numbers.sorted())"])
            })
        logger.info("\(kind.rawValue) started", metadata: ["kafka.topic": "\(topic)", "kafka.group": "\(group)"])
        var backoff = Backoff()
        while !stop.isStopping && !Task.isCancelled {
            let messages: [KafkaMessage]
            do {
                messages = try consumer.poll(maxMessages: configuration.batchSize, timeout: handler.pollTimeout)
            } catch {
                logger.error("\(kind.rawValue) poll failed", metadata: ["error": "\(error)"])
                try await Task.sleep(for: backoff.next())
                continue
            }
            heartbeat.assigned(assigned.members)
            metrics.polled()
            let batch = messages.isEmpty ? handler.idleBatch() : handler.decode(messages)
            if let committed = await handOff.finish(), committed > 0 {
                heartbeat.processed(committed)
                backoff.reset()
            }
            // No batch in flight: the connection is this thread's until the next start.
            database.reconnectIfLost(configuration, applicationName: kind.executable, logger: logger)
            heartbeat.tick(database.value, logger: logger)
            guard let batch else {
                do {
                    try await handler.idle(database.value)
                } catch {
                    logger.error("\(kind.rawValue) idle work failed; retrying", metadata: ["error": "\(error)"])
                    try await Task.sleep(for: backoff.next())
                }
                continue
            }
            let worker = self
            handOff.start { await worker.commit(batch, until: stop) }
        }
        if let committed = await handOff.finish() { heartbeat.processed(committed) }
        await handler.stopping(database.value)
        heartbeat.remove(database.value)
        consumer.close()
        database.value.close()
        logger.info("\(kind.rawValue) stopped")
    }

    /// Commits a batch on the hand-off's thread, as ``BatchRetry`` directs.
    /// - Returns: How many messages were committed (none when the worker stopped first).
    private func commit(_ batch: Handler.Batch, until stop: StopFlag) async -> Int {
        var retry = BatchRetry(canIsolate: handler.canIsolate)
        while true {
            do {
                switch retry.mode {
                case .whole: try await handler.commit(batch, database.value)
                case .isolating:
                    logger.warning("isolating the messages of a batch the database keeps refusing", metadata: [
                        "suivi.batch.size": "\(handler.count(batch))",
                    ])
                    try await handler.commitIsolating(batch, database.value)
                }
                return handler.count(batch)
            } catch {
                handler.failed()
                logger.error("\(Handler.kind.rawValue) batch failed; retrying", metadata: [
                    "error": "\(error)", "suivi.batch.size": "\(handler.count(batch))",
                ])
                switch retry.failed(deterministic: Self.isDeterministic(error), stopping: stop.isStopping || Task.isCancelled) {
                case .giveUp: return 0
                case .retry(let delay, _):
                    try? await Task.sleep(for: delay)
                    database.reconnectIfLost(configuration, applicationName: Handler.kind.executable, logger: logger)
                }
            }
        }
    }

    /// True for errors that the same input will cause again (a refused statement), false for lost
    /// connections, conflicts and anything a retry can cure.
    static func isDeterministic(_ error: (any Error)?) -> Bool {
        let postgres = (error as? PostgresError) ?? (error as? StoreError)?.underlying
        guard let postgres, postgres.code == .statementFailed else { return false }
        let transient: Set<String> = ["40001", "40P01", "55P03", "57014", "53300", PostgresError.SQLState.uniqueViolation]
        return !transient.contains(postgres.sqlState ?? "")
    }
}
