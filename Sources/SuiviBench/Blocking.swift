import Foundation

/// Runs blocking work (libpq, librdkafka polls, waiting on a child process) on a thread of its own so
/// that it never holds one of the cooperative pool's two threads.
func onThread<T: Sendable>(_ name: String, _ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread {
            do { continuation.resume(returning: try body()) } catch { continuation.resume(throwing: error) }
        }
        thread.name = name
        thread.start()
    }
}

/// Monotonic seconds, for intervals.
func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

/// Wall-clock seconds since 1970, for comparing with PostgreSQL's clock.
func wallClock() -> Double { Date().timeIntervalSince1970 }

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
