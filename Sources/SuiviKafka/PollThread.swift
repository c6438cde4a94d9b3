import CRdKafka
import SuiviThreads
import Synchronization

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
    private let thread: DedicatedThread

    init(client: RdKafkaClient) {
        let shared = Shared(client: client)
        self.shared = shared
        do {
            thread = try DedicatedThread.start {
                while !shared.stopping.load(ordering: .acquiring) {
                    rd_kafka_poll(shared.client.pointer, 100)
                }
            }
        } catch {
            preconditionFailure("the producer's poll thread could not start: \(error)")
        }
    }

    /// Stops polling and joins the thread; later calls do nothing.
    func stop() {
        shared.stopping.store(true, ordering: .releasing)
        rd_kafka_yield(shared.client.pointer)
        thread.join()
    }

    deinit {
        stop()
    }
}
