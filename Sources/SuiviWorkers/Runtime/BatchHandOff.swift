import SuiviThreads
import Dispatch
import Synchronization

/// Runs a worker's batches, one at a time, on a thread of their own, so that the loop thread polls and
/// decodes the next batch while this one's transaction runs; and owns the one resource (the database
/// connection) that the batch and the loop take turns with.
///
/// The loop hands a batch over with ``start(_:)`` only after ``finish()`` has returned the previous one's
/// outcome: at most one batch is in flight, and batches commit in the order they were polled. The batch
/// takes the resource out of the hand-off and puts it back when done; the loop and the rebalance callbacks
/// borrow it with ``withResource(_:)``, which first waits until no batch is in flight. The resource is not
/// `Sendable`: it moves between threads only as a `sending` value, so the compiler checks that it has one
/// user at a time, and a borrow while a batch holds it stops the process (a precondition) instead of racing.
///
/// Rebalance callbacks run inside `poll` on the loop thread and cannot await: ``withResource(_:)`` blocks
/// until the batch in flight has committed (or given up because the worker stops), so that they never read
/// offsets it is about to store. The batch never needs the loop thread, so that wait cannot deadlock.
final class BatchHandOff<Resource, Outcome: Sendable>: Sendable {
    private let executor: DedicatedThreadExecutor
    private let resource: Mutex<Resource?>
    private let inFlight = Mutex<Task<Outcome, Never>?>(nil)
    private let idle = DispatchGroup()

    /// - Parameters:
    ///   - label: Names the batches' thread.
    ///   - resource: What each batch works with, and the loop between batches.
    init(label: String, resource: consuming sending Resource) {
        executor = DedicatedThreadExecutor(label: label)
        self.resource = Mutex(resource)
    }

    /// Starts `work` on the batches' thread, lending it the resource. The previous batch must be finished.
    func start(_ work: @escaping @Sendable (inout sending Resource) async -> Outcome) {
        idle.enter()
        let task = Task(executorPreference: executor) { [idle] in
            defer { idle.leave() }
            var owned = self.take()
            let outcome = await work(&owned)
            self.put(owned)
            return outcome
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

    /// Lends the resource to `body` once no batch is in flight (blocking the calling thread until then).
    /// Never call it from the batch itself.
    func withResource<Result>(_ body: (inout sending Resource) throws -> sending Result) rethrows -> sending Result {
        idle.wait()
        var owned = take()
        do {
            let result = try body(&owned)
            put(owned)
            return result
        } catch {
            put(owned)
            throw error
        }
    }

    /// Lends the resource to asynchronous work of the loop between batches (after ``finish()``).
    func withResourceAsync<Result>(_ body: (inout sending Resource) async throws -> sending Result) async rethrows -> sending Result {
        idle.wait()
        var owned = take()
        do {
            let result = try await body(&owned)
            put(owned)
            return result
        } catch {
            put(owned)
            throw error
        }
    }

    private func take() -> sending Resource {
        resource.withLock { slot -> sending Resource in
            guard let taken = slot.take() else { preconditionFailure("the worker's resource is already lent") }
            return taken
        }
    }

    private func put(_ value: sending Resource) {
        // A value captured by the closure below would count as the caller's; one taken out of a Mutex of
        // its own arrives disconnected, which is what the slot must hold.
        let carrier = Mutex<Resource?>(value)
        resource.withLock { slot in
            precondition(slot == nil, "the worker's resource was returned twice")
            slot = carrier.withLock { $0.take() }
        }
    }
}
