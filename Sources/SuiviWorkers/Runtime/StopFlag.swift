import Synchronization

/// Set when a graceful shutdown starts; the worker loops look at it between batches.
final class StopFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    func stop() { flag.store(true, ordering: .relaxed) }
    var isStopping: Bool { flag.load(ordering: .relaxed) }
}
