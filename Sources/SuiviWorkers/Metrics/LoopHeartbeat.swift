import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// When the worker's loop last completed a poll or a batch; `GET /healthz` answers from it.
///
/// One per process, like the metrics system itself: a worker process runs one loop, and the endpoint is
/// started before the loop exists. Each beat is one relaxed atomic store.
final class LoopHeartbeat: Sendable {
    /// The process's heartbeat.
    static let shared = LoopHeartbeat()

    /// Monotonic nanoseconds of the last beat; 0 before the first.
    private let last = Atomic<Int64>(0)

    /// Records that the loop completed a poll or a batch now.
    func beat() {
        last.store(Self.monotonicNanoseconds(), ordering: .relaxed)
    }

    /// Whether the loop beat within `window` (never true before the first beat).
    func isAlive(within window: Duration) -> Bool {
        let beat = last.load(ordering: .relaxed)
        guard beat > 0 else { return false }
        let (seconds, attoseconds) = window.components
        let limit = seconds * 1_000_000_000 + attoseconds / 1_000_000_000
        return Self.monotonicNanoseconds() - beat <= limit
    }

    /// Seconds since the last beat, or nil before the first (the `suivi_heartbeat_age_seconds` gauge).
    var secondsSinceBeat: Double? {
        let beat = last.load(ordering: .relaxed)
        guard beat > 0 else { return nil }
        return Double(Self.monotonicNanoseconds() - beat) / 1e9
    }

    /// `CLOCK_MONOTONIC` in nanoseconds: unaffected by changes of the wall clock.
    static func monotonicNanoseconds() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
    }
}
