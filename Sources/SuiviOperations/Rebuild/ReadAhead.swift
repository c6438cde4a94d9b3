import SuiviApp
import SuiviThreads
import Dispatch
import Synchronization

/// Runs a blocking producer (a store query, a broker poll, the decoding of what they return) on a thread
/// of its own, at most `depth` elements ahead of the consumer, so that reading the next chunk overlaps
/// with applying the current one.
///
/// The producer gets a ``Sink``: `emit` waits for room and answers false once the consumer has stopped,
/// and the producer then returns. What the producer throws is rethrown by the consumer's ``next()`` after
/// the elements emitted before it.
final class ReadAhead<Element: Sendable>: Sendable {
    /// The producer's side.
    final class Sink: Sendable {
        fileprivate let channel: Channel

        fileprivate init(_ channel: Channel) { self.channel = channel }

        /// True once the consumer has stopped: a producer waiting for input (an idle poll) returns.
        var stopped: Bool { channel.stopped.load(ordering: .acquiring) }

        /// Hands an element over, waiting while `depth` elements are pending.
        /// - Returns: false when the consumer has stopped (the element is dropped).
        func emit(_ element: Element) -> Bool {
            channel.room.wait()
            guard !stopped else { return false }
            channel.push(.element(element))
            return true
        }
    }

    fileprivate enum Item: Sendable {
        case element(Element)
        case end
        case failure(any Error)
    }

    fileprivate final class Channel: Sendable {
        let queue = Mutex<[Item]>([])
        let room: DispatchSemaphore
        let items = DispatchSemaphore(value: 0)
        let finished = DispatchSemaphore(value: 0)
        let stopped = Atomic<Bool>(false)

        init(depth: Int) {
            // Made at 0 and signalled up to `depth`: libdispatch traps when a semaphore is freed below its
            // initial value, which a stopped channel with elements still pending would be.
            room = DispatchSemaphore(value: 0)
            for _ in 0..<depth { room.signal() }
        }

        func push(_ item: Item) {
            queue.withLock { $0.append(item) }
            items.signal()
        }

        func pop() -> Item {
            items.wait()
            let item = queue.withLock { $0.removeFirst() }
            room.signal()
            return item
        }
    }

    private let channel: Channel
    private let ended = Atomic<Bool>(false)

    /// Starts the producer on a new thread.
    /// - Throws: ``OperationFailure`` when no thread can be started.
    init(depth: Int = 1, label: String, produce: @escaping @Sendable (Sink) throws -> Void) throws {
        let channel = Channel(depth: max(1, depth))
        self.channel = channel
        let started = DedicatedThread.detach {
            do {
                try produce(Sink(channel))
                channel.push(.end)
            } catch {
                channel.push(.failure(error))
            }
            channel.finished.signal()
        }
        guard started == 0 else {
            throw OperationFailure(.failure, "cannot start the \(label) thread (pthread_create error \(started)): the system is out of threads or memory; the live read models are unchanged: run it again with --resume once the machine has some to spare")
        }
    }

    /// The next element, waiting for it; nil once the producer has finished.
    /// - Throws: what the producer threw, after every element it emitted before.
    func next() throws -> Element? {
        guard !ended.load(ordering: .acquiring) else { return nil }
        switch channel.pop() {
        case .element(let element):
            return element
        case .end:
            ended.store(true, ordering: .releasing)
            return nil
        case .failure(let error):
            ended.store(true, ordering: .releasing)
            throw error
        }
    }

    /// Stops the producer and waits until its thread has returned (its connections closed). Idempotent.
    func stop() {
        guard !channel.stopped.exchange(true, ordering: .acquiringAndReleasing) else { return }
        // Wakes a producer waiting for room; it sees `stopped` and returns.
        channel.room.signal()
        channel.finished.wait()
    }
}
