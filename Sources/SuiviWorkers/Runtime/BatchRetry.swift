/// What a worker does when a batch fails to commit: a plain value that returns actions, so the policy is
/// tested without a database.
///
/// A batch is retried until it commits or the worker stops: its offsets are stored only with its effects,
/// so giving up on it would lose accepted messages. After ``isolateAfter`` failures in a row that the same
/// input will cause again (a statement the database refuses, not a lost connection), the handler is asked
/// to take the batch one message at a time, so that the message the database refuses is dead-lettered
/// and one bad message does not hold up every partition for ever; a transient failure returns to whole
/// batches.
struct BatchRetry {
    enum Mode: Sendable, Hashable {
        /// The whole batch in one transaction.
        case whole
        /// One message at a time; the one the database refuses is dead-lettered.
        case isolating
    }

    enum Action: Sendable, Hashable {
        /// Try again after the delay, in this mode.
        case retry(after: Duration, mode: Mode)
        /// The worker stops: leave the batch uncommitted (it is read again after the restart).
        case giveUp
    }

    /// Failures in a row that the same input causes again before messages are isolated.
    let isolateAfter: Int
    /// False for a handler that has no way to take a batch apart.
    let canIsolate: Bool
    private(set) var mode: Mode = .whole
    private(set) var failures = 0
    private var backoff: Backoff

    init(isolateAfter: Int = 2, canIsolate: Bool = true, ceiling: Duration = .seconds(5)) {
        self.isolateAfter = isolateAfter
        self.canIsolate = canIsolate
        backoff = Backoff(ceiling: ceiling)
    }

    /// An attempt failed.
    /// - Parameters:
    ///   - deterministic: the same input will fail the same way (see `ConsumerWorker.isDeterministic`).
    ///   - stopping: the worker is shutting down.
    mutating func failed(deterministic: Bool, stopping: Bool) -> Action {
        failures += 1
        if stopping { return .giveUp }
        mode = canIsolate && deterministic && failures >= isolateAfter ? .isolating : .whole
        return .retry(after: backoff.next(), mode: mode)
    }
}
