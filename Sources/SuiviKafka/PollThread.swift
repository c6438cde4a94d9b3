import CRdKafka
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A dedicated OS thread that serves a handle's callbacks (delivery reports, logs, errors)
/// by calling `rd_kafka_poll`.
///
/// A thread rather than a task: `rd_kafka_poll` blocks, and blocking calls would starve Swift's
/// cooperative pool (two threads on a two-core machine).
final class PollThread: Sendable {
    private final class Shared: Sendable {
        let client: RdKafkaClient
        let stopping = Atomic<Bool>(false)
        init(client: RdKafkaClient) { self.client = client }
    }

    private let shared: Shared
    private let thread: Mutex<pthread_t?>

    init(client: RdKafkaClient) {
        shared = Shared(client: client)
        let argument = Unmanaged.passRetained(shared).toOpaque()
        #if canImport(Glibc)
        var thread = pthread_t()
        #else
        var thread: pthread_t? = nil
        #endif
        let result = pthread_create(&thread, nil, { argument in
            #if canImport(Glibc)
            let shared = Unmanaged<Shared>.fromOpaque(argument!).takeRetainedValue()
            #else
            let shared = Unmanaged<Shared>.fromOpaque(argument).takeRetainedValue()
            #endif
            while !shared.stopping.load(ordering: .acquiring) {
                rd_kafka_poll(shared.client.pointer, 100)
            }
            return nil
        }, argument)
        precondition(result == 0, "pthread_create failed with \(result)")
        self.thread = Mutex(thread)
    }

    /// Stops polling and joins the thread; later calls do nothing.
    func stop() {
        let thread = self.thread.withLock { thread in
            defer { thread = nil }
            return thread
        }
        guard let thread else { return }
        shared.stopping.store(true, ordering: .releasing)
        rd_kafka_yield(shared.client.pointer)
        pthread_join(thread, nil)
    }

    deinit {
        stop()
    }
}
