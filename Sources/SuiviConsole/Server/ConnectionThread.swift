internal import Dispatch
internal import Synchronization
internal import SuiviThreads

/// A task executor that runs its jobs on one OS thread of its own (``DedicatedThread``), for one of the
/// console's connections.
///
/// Not ``DedicatedThreadExecutor``: that one runs jobs on a serial dispatch queue, whose jobs run on
/// libdispatch's worker threads; with two or more such queues blocked in libpq at once, the page's other
/// jobs waited for libdispatch to add a thread, and a page of 1 ms had a p99 of 50-180 ms on the demo
/// data (measured with wrk's two clients; docs/PERFORMANCE.md, "Console").
final class ConnectionThread: TaskExecutor, @unchecked Sendable {
    // Sendable: `state` is shared with the thread through a Mutex and a semaphore.
    private final class State: @unchecked Sendable {
        let jobs = Mutex<(queue: [UnownedJob], stopped: Bool)>(([], false))
        let wake = DispatchSemaphore(value: 0)
        // Set once before the first job is enqueued; the executor outlives every job it runs (a task holds
        // its executor preference while it has jobs).
        nonisolated(unsafe) var executor: UnownedTaskExecutor?
    }

    private let state = State()
    /// Where jobs run when no thread could be started (the process's thread limit): slower, never stuck.
    private let fallback: DispatchQueue?

    /// Starts the thread; `label` names the fallback queue.
    init(label: String) {
        let state = state
        let started = DedicatedThread.detach {
            while true {
                state.wake.wait()
                let next = state.jobs.withLock { jobs -> UnownedJob?? in
                    if jobs.queue.isEmpty { return jobs.stopped ? .some(nil) : nil }
                    return jobs.queue.removeFirst()
                }
                switch next {
                case .some(.some(let job)): job.runSynchronously(on: state.executor!)
                case .some(.none): return
                case .none: continue
                }
            }
        }
        fallback = started == 0 ? nil : DispatchQueue(label: label)
        state.executor = asUnownedTaskExecutor()
    }

    deinit {
        state.jobs.withLock { $0.stopped = true }
        state.wake.signal()
    }

    func enqueue(_ job: consuming ExecutorJob) {
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
