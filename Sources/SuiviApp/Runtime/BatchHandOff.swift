import SuiviThreads
import Dispatch
import Synchronization

/// Runs a worker's batches, one at a time, on a thread of their own, so that the loop thread polls and
/// decodes the next batch while this one's transaction runs.
///
/// The loop hands a batch over with ``start(_:)`` only after ``finish()`` has returned the previous one's
/// outcome: at most one batch is in flight, and batches commit in the order they were polled. Whatever
/// the loop does with the connection between ``finish()`` and ``start(_:)`` cannot meet a batch.
///
/// Rebalance callbacks run inside `poll` on the loop thread and cannot await: they call
/// ``waitUntilIdle()``, which blocks until the batch in flight has committed (or given up because the
/// worker stops), so that they never share the connection with it nor read offsets it is about to store.
/// The batch never needs the loop thread, so that wait cannot deadlock.
final class BatchHandOff<Outcome: Sendable>: Sendable {
    private let executor: DedicatedThreadExecutor
    private let inFlight = Mutex<Task<Outcome, Never>?>(nil)
    private let idle = DispatchGroup()

    /// - Parameter label: Names the batches' thread.
    init(label: String) {
        executor = DedicatedThreadExecutor(label: label)
    }

    /// Starts `work` on the batches' thread. The previous batch must be finished.
    func start(_ work: @escaping @Sendable () async -> Outcome) {
        idle.enter()
        let task = Task(executorPreference: executor) { [idle] in
            defer { idle.leave() }
            return await work()
        }
        let busy = inFlight.withLock { slot in
            defer { slot = task }
            return slot != nil
        }
        precondition(!busy, "a batch was handed over before the previous one finished")
    }

    /// Waits for the batch in flight, if any, and returns its outcome; cancelling the caller cancels it.
    func finish() async -> Outcome? {
        let task = inFlight.withLock { slot in
            defer { slot = nil }
            return slot
        }
        guard let task else { return nil }
        return await withTaskCancellationHandler {
            await task.value
        } onCancel: {
            task.cancel()
        }
    }

    /// Blocks the calling thread until no batch is in flight. Never call it from the batch itself.
    func waitUntilIdle() {
        idle.wait()
    }
}
