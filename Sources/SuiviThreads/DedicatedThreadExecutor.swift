import Dispatch
import Synchronization

/// A task executor that runs its jobs, in order, on one OS thread of its own (``DedicatedThread``),
/// outside Swift's cooperative pool and outside libdispatch's worker threads.
///
/// Workers run their loop and their batches under `withTaskExecutorPreference` of one of these each, and
/// each console connection has one: their blocking libpq and librdkafka calls then happen on these
/// threads and never starve the two-thread cooperative pool, while `await` on a producer's delivery still
/// suspends instead of blocking. It used to be a serial dispatch queue, whose jobs run on libdispatch's
/// workers: with two such queues blocked in libpq at once, other jobs waited for libdispatch to add a
/// thread, and a console page of 1 ms had a p99 of 50-180 ms (docs/PERFORMANCE.md, "Console").
public final class DedicatedThreadExecutor: TaskExecutor {
    /// What the executor shares with its thread.
    private final class State: Sendable {
        let jobs = Mutex<(queue: [UnownedJob], stopped: Bool, executor: UnownedTaskExecutor?)>(([], false, nil))
        let wake = DispatchSemaphore(value: 0)
    }

    private let state = State()
    /// Where jobs run when no thread could be started (the process's thread limit): slower, never stuck.
    private let fallback: DispatchQueue?

    /// Starts the thread; `label` names the fallback queue.
    public init(label: String) {
        let state = state
        let started = DedicatedThread.detach {
            while true {
                state.wake.wait()
                let next = state.jobs.withLock { jobs -> (UnownedJob, UnownedTaskExecutor)?? in
                    if jobs.queue.isEmpty { return jobs.stopped ? .some(nil) : nil }
                    return (jobs.queue.removeFirst(), jobs.executor!)
                }
                switch next {
                case .some(.some(let (job, executor))): job.runSynchronously(on: executor)
                case .some(.none): return
                case .none: continue
                }
            }
        }
        fallback = started == 0 ? nil : DispatchQueue(label: label)
        let executor = asUnownedTaskExecutor()
        state.jobs.withLock { $0.executor = executor }
    }

    deinit {
        state.jobs.withLock { $0.stopped = true }
        state.wake.signal()
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        if let fallback {
            let executor = asUnownedTaskExecutor()
            fallback.async { job.runSynchronously(on: executor) }
            return
        }
        state.jobs.withLock { $0.queue.append(job) }
        state.wake.signal()
    }
}
