import Dispatch
import SuiviThreads
import Synchronization

/// Runs the decider's publications (building a committed batch's messages and handing them to the
/// producer) on a thread of its own, one at a time, in the order the batches committed: the batch thread
/// goes on to the next transaction while the last one's messages are built and enqueued, so that its
/// serial path is only the transaction.
///
/// At most `limit` publications wait or run at once: ``submit(_:)`` waits for room, so a slow broker holds
/// the decider back as it did when the batch thread enqueued them itself. ``drain()`` waits until every
/// publication submitted so far has run: before the relay's catch-up, when idle and when stopping, so
/// that nothing of an earlier batch is enqueued after what those publish.
final class CommitOrderPublisher: Sendable {
    private let executor: DedicatedThreadExecutor
    private let limit: Int
    /// Publications submitted and not yet seen finished, oldest first.
    private let queued = Mutex<[Task<Void, Never>]>([])

    init(label: String, limit: Int) {
        executor = DedicatedThreadExecutor(label: label)
        self.limit = max(1, limit)
    }

    /// Queues a publication after the ones submitted before it, once fewer than `limit` are queued.
    func submit(_ publication: @escaping @Sendable () async -> Void) async {
        while let oldest = queued.withLock({ $0.count >= limit ? $0.first : nil }) {
            await finish(oldest)
        }
        queued.withLock { queue in
            let previous = queue.last
            queue.append(Task(executorPreference: executor) {
                await previous?.value
                await publication()
            })
        }
    }

    /// Waits until every publication submitted so far has run.
    func drain() async {
        while let oldest = queued.withLock({ $0.first }) {
            await finish(oldest)
        }
    }

    /// ``drain()`` for a caller that cannot await (a rebalance callback, on the loop thread): blocks the
    /// calling thread. The publications never need that thread, so the wait cannot deadlock.
    func drainBlocking() {
        guard !queued.withLock({ $0.isEmpty }) else { return }
        let done = DispatchSemaphore(value: 0)
        // On the publisher's own thread: a plain `Task` would inherit the caller's executor, the one blocked here.
        Task(executorPreference: executor) {
            await self.drain()
            done.signal()
        }
        done.wait()
    }

    private func finish(_ task: Task<Void, Never>) async {
        await task.value
        queued.withLock { queue in
            if queue.first == task { queue.removeFirst() }
        }
    }
}
