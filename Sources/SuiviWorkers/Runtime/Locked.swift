import Synchronization

/// A value that a worker's loop thread and its batch thread both use, behind a lock (a `Mutex`, which the
/// compiler checks): the handlers' bookkeeping (relay progress, held commands, unpublished dead letters).
/// The two threads take turns (one batch at a time), so the lock is never contended on the hot path.
final class Locked<Value>: Sendable {
    private let mutex: Mutex<Value>

    init(_ value: consuming sending Value) { mutex = Mutex(value) }

    func withLock<Result>(_ body: (inout sending Value) throws -> sending Result) rethrows -> sending Result {
        try mutex.withLock(body)
    }
}
