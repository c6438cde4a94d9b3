import Dispatch

/// A task executor backed by one serial dispatch queue, outside Swift's cooperative pool.
///
/// Workers run their whole loop under `withTaskExecutorPreference(executor)`: the blocking libpq and
/// librdkafka calls then happen on this executor's thread and never starve the two-thread cooperative
/// pool, while `await` on a producer's delivery still suspends instead of blocking.
public final class DedicatedThreadExecutor: TaskExecutor, @unchecked Sendable {
    // Sendable by construction: the queue is immutable and itself thread-safe.
    private let queue: DispatchQueue

    public init(label: String) {
        queue = DispatchQueue(label: label)
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }
}
