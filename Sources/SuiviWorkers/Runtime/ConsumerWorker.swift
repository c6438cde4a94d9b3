import SuiviApp
import Logging
import SuiviKafka
import SuiviPostgres
import SuiviStore
import Synchronization

/// The one consumer engine of both workers: a consumer group on the handler's input topic whose start
/// offsets come from PostgreSQL, the poll loop, the pipelined hand-off (batch n+1 is decoded while
/// batch n commits on a thread of its own), retries with back-off and isolation (``BatchRetry``),
/// reconnecting, the heartbeat, metrics and a graceful stop between batches. The decider and the
/// projector are its handlers (``ConsumerHandler``).
///
/// Rebalance callbacks need the stored offsets synchronously, inside `poll`, on the loop thread: they borrow
/// the worker's connection from the ``BatchHandOff``, which waits until the batch in flight has committed
/// (its offsets are then the ones stored) and lends it to one user at a time (the connection moves as a
/// `sending` value, never shared). They never sleep: a failed read fails the assignment, and the loop leaves
/// the group and joins again after its back-off.
struct ConsumerWorker<Handler: ConsumerHandler> {
    private let handler: Handler
    private let configuration: SuiviConfiguration
    private let logger: Logger
    private let metrics: WorkerMetrics

    init(_ handler: Handler, metrics: WorkerMetrics, configuration: SuiviConfiguration, logger: Logger) {
        self.handler = handler
        self.metrics = metrics
        self.configuration = configuration
        self.logger = logger
    }

    private func makeConsumer() throws -> KafkaConsumer {
        let kind = Handler.kind
        return try KafkaConsumer(
            configuration: configuration.kafka(clientID: kind.executable), groupID: kind.group(in: configuration), logger: logger)
    }

    /// Runs until `stop` is set (between batches) or the task is cancelled; then closes the connection.
    func run(database: consuming sending WorkerDatabase, until stop: StopFlag) async throws {
        let kind = Handler.kind
        let group = kind.group(in: configuration)
        let topic = kind.inputTopic(in: configuration)
        let (logger, metrics, handler) = (self.logger, self.metrics, self.handler)
        let rebalance = Mutex(Rebalance())
        var heartbeat = Heartbeat(worker: kind.rawValue, group: group)
        let handOff = BatchHandOff<WorkerDatabase, Int>(label: "suivi.\(kind.rawValue).batches", resource: database)
        // The rebalance callbacks run inside `poll`, on this thread.
        let join = { (consumer: KafkaConsumer) throws in
            try consumer.subscribe(
                topics: [topic],
                onAssign: { partitions in
                    let numbers = partitions.map(\.partition)
                    let stored = try handOff.withResource { database in
                        try database.withReconnect { try handler.assigned(numbers, $0) }
                    }
                    let offsets = rebalance.withLock { $0.assigned(numbers, stored: stored) }
                    logger.info("partitions assigned", metadata: ["kafka.partitions": "\(numbers.sorted())"])
                    var start: [TopicPartition: Int64] = [:]
                    for partition in partitions { start[partition] = offsets[partition.partition] }
                    metrics.assigned(start)
                    return start
                },
                onRevoke: { partitions in
                    // The batch in flight stores its offsets and heads before the partitions go.
                    handOff.withResource { _ in }
                    let numbers = rebalance.withLock { $0.revoked(partitions.map(\.partition)) }
                    handler.revoked(numbers)
                    metrics.revoked(partitions)
                    logger.info("partitions revoked", metadata: ["kafka.partitions": "\(numbers.sorted())"])
                })
        }
        var consumer = try makeConsumer()
        try join(consumer)
        logger.info("\(kind.rawValue) started", metadata: ["kafka.topic": "\(topic)", "kafka.group": "\(group)"])
        var backoff = Backoff()
        while !stop.isStopping && !Task.isCancelled {
            let messages: [KafkaMessage]
            do {
                messages = try consumer.poll(maxMessages: handler.pollLimit, timeout: handler.pollTimeout)
            } catch {
                logger.error("\(kind.rawValue) poll failed", metadata: ["error": "\(error)"])
                try await Task.sleep(for: backoff.next())
                if error.code == .rebalance {
                    // An assignment whose start could not be read leaves this consumer reading nothing: leave
                    // the group and join again (outside any librdkafka callback, after the back-off).
                    logger.warning("joining the consumer group again after a failed assignment")
                    consumer.close()
                    consumer = try makeConsumer()
                    try join(consumer)
                }
                continue
            }
            heartbeat.assigned(rebalance.withLock { $0.sorted })
            metrics.polled()
            var decoded = messages.isEmpty ? handler.idleBatch() : handler.decode(messages)
            if let batch = decoded { decoded = handler.prepare(batch, previousCommitted: false) }
            if let committed = await handOff.finish(), committed > 0 {
                heartbeat.processed(committed)
                backoff.reset()
            }
            // No batch in flight: the connection is the loop's until the next start.
            handOff.withResource { database in
                database.reconnectIfLost()
                heartbeat.tick(database.connection, logger: logger)
            }
            guard let decoded else {
                do {
                    try await handOff.withResourceAsync { try await handler.idle($0.connection) }
                } catch {
                    logger.error("\(kind.rawValue) idle work failed; retrying", metadata: ["error": "\(error)"])
                    try await Task.sleep(for: backoff.next())
                }
                continue
            }
            let batch = handler.prepare(decoded, previousCommitted: true)
            let worker = self
            handOff.start { await worker.commit(batch, $0, until: stop) }
        }
        if let committed = await handOff.finish() { heartbeat.processed(committed) }
        await handOff.withResourceAsync { database in
            await handler.stopping(database.connection)
            heartbeat.remove(database.connection)
            database.close()
        }
        consumer.close()
        logger.info("\(kind.rawValue) stopped")
    }

    /// Commits a batch on the hand-off's thread, as ``BatchRetry`` directs.
    /// - Returns: How many messages were committed (none when the worker stopped first).
    private func commit(_ batch: Handler.Batch, _ database: WorkerDatabase, until stop: StopFlag) async -> Int {
        var retry = BatchRetry(canIsolate: handler.canIsolate)
        while true {
            do {
                switch retry.mode {
                case .whole: try await handler.commit(batch, database.connection)
                case .isolating:
                    logger.warning("isolating the messages of a batch the database keeps refusing", metadata: [
                        "suivi.batch.size": "\(handler.count(batch))",
                    ])
                    try await handler.commitIsolating(batch, database.connection)
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
                    database.reconnectIfLost()
                }
            }
        }
    }

    /// True for errors that the same input will cause again (a refused statement), false for lost
    /// connections, conflicts and anything a retry can cure.
    static func isDeterministic(_ error: (any Error)?) -> Bool {
        error.flatMap(StoreError.from)?.isRefusal ?? false
    }
}
