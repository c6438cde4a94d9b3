/// Holds a value that is only ever touched from one thread at a time: a worker's loop thread (including
/// the rebalance callbacks that librdkafka runs inside `poll` on that same thread), or the batch that
/// its ``BatchHandOff`` runs, during which the loop leaves the value alone.
///
/// `@unchecked Sendable` because the compiler cannot see that discipline: ``ConsumerWorker`` hands the
/// value to a batch only between ``BatchHandOff/start(_:)`` and ``BatchHandOff/finish()``, and touches it
/// on the loop thread only outside that window (the rebalance callbacks first wait for the hand-off to
/// be idle), so no two threads ever use it at once.
final class ThreadConfined<Value>: @unchecked Sendable {
    var value: Value
    init(_ value: Value) { self.value = value }
}
