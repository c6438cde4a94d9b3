import SuiviApp
import SuiviKafka
import SuiviPostgres

/// What makes a ``ConsumerWorker`` a decider or a projector: how a batch is decoded, committed in one
/// transaction with its offsets, and what follows; everything else (the subscription with offsets from
/// PostgreSQL, polling, the pipelined hand-off, retries, reconnecting, heartbeats, metrics, shutdown)
/// is the engine's, written once.
///
/// The engine calls the handler from two threads, never at once: its loop thread (``decode(_:)``,
/// ``idleBatch()``, ``idle(_:)``, the rebalance calls, ``stopping(_:)``) and the batch thread
/// (``commit(_:_:)``, ``commitIsolating(_:_:)``); a rebalance call waits until no batch is in flight.
protocol ConsumerHandler: Sendable {
    associatedtype Batch: Sendable

    static var kind: WorkerKind { get }

    /// The longest a poll waits for messages; shorter while the handler has work that time brings.
    var pollTimeout: Duration { get }

    /// The most messages a poll takes: one batch, committed as ``commit(_:_:)`` does.
    var pollLimit: Int { get }

    /// Partitions just assigned: the stored next offset of each, and any state the handler keeps for them.
    /// Runs inside `poll`, on the loop thread, once the batch in flight has committed.
    func assigned(_ partitions: [Int32], _ connection: PostgresConnection) throws -> [Int32: Int64]

    /// Partitions about to be taken away, once the batch in flight has committed.
    func revoked(_ partitions: [Int32])

    /// Decodes polled messages: CPU only, on the loop thread while the previous batch commits.
    func decode(_ messages: [KafkaMessage]) -> Batch

    /// A batch of no new message to run now (held commands whose time came), or nil.
    func idleBatch() -> Batch?

    /// Work on a decoded batch that depends on the batches before it (the decider decides it ahead), on
    /// the loop thread: first while the batch before may still be committing (`previousCommitted` false),
    /// then again once it has, just before this one is handed over. The default does nothing.
    func prepare(_ batch: Batch, previousCommitted: Bool) -> Batch

    /// How many messages a batch commits (for the heartbeat and metrics).
    func count(_ batch: Batch) -> Int

    /// Commits a batch in one transaction and does what follows (publication). Throws to be retried.
    func commit(_ batch: Batch, _ connection: PostgresConnection) async throws

    /// Commits a batch the database keeps refusing one message at a time, dead-lettering the message it
    /// refuses with its offset stored. Handlers that cannot take a batch apart commit it whole.
    func commitIsolating(_ batch: Batch, _ connection: PostgresConnection) async throws

    /// True when the handler can take a batch apart (``commitIsolating(_:_:)``).
    var canIsolate: Bool { get }

    /// A commit attempt failed: drop what it may have left half-done in memory (caches).
    func failed()

    /// Nothing was polled and no batch is in flight: background duties (the relay's catch-up).
    func idle(_ connection: PostgresConnection) async throws

    /// The worker stops, the last batch committed: flush what is pending, close the handler's clients.
    func stopping(_ connection: PostgresConnection) async
}

extension ConsumerHandler {
    func prepare(_ batch: Batch, previousCommitted: Bool) -> Batch { batch }
}
