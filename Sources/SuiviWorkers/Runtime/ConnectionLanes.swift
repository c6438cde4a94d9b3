import Logging
import SuiviPostgres
import SuiviThreads
import Dispatch
import Synchronization

/// Runs the parts of a piece of work at once, each in a transaction of its own: the first on the caller's
/// connection on the calling thread, each other on a lane of its own, a PostgreSQL connection and an OS
/// thread (``DedicatedThreadExecutor``) that only that lane uses.
///
/// One transaction at a time keeps one core busy at most: the applying thread and its PostgreSQL backend
/// take turns. Lanes let the backends of several transactions run side by side: the projector applies a
/// batch's streams in lanes (``LaneAssignment`` deals them out; docs/PERFORMANCE.md, "Projector lanes").
final class ConnectionLanes: Sendable {
    /// One extra lane. Its connection is used only by the jobs of its own executor, which runs one job at a
    /// time, and by ``ConnectionLanes/close()`` once no work is in flight: hence `@unchecked Sendable`.
    private final class Lane: @unchecked Sendable {
        let executor: DedicatedThreadExecutor
        let name: String
        private var connection: PostgresConnection?

        init(name: String) {
            executor = DedicatedThreadExecutor(label: name)
            self.name = name
        }

        /// Runs `body` on this lane's connection, opening one first when there is none or it was lost.
        func run<Result>(
            open: (String) throws -> PostgresConnection, logger: Logger, _ body: (PostgresConnection) throws -> Result
        ) throws -> Result {
            if let current = connection, !current.isHealthy {
                logger.warning("reconnecting a lane to PostgreSQL", metadata: ["suivi.lane": "\(name)"])
                current.close()
                connection = nil
            }
            let ready = try connection ?? open(name)
            connection = ready
            return try body(ready)
        }

        func close() {
            connection?.close()
            connection = nil
        }
    }

    private let lanes: [Lane]
    private let open: @Sendable (String) throws -> PostgresConnection
    private let logger: Logger

    /// - Parameters:
    ///   - count: How many parts a piece of work may have (at least one); `count - 1` lanes are made.
    ///   - name: Names the lanes' threads and connections (`<name>-lane<n>`).
    ///   - logger: Receives reconnections.
    ///   - open: Opens a lane's connection, given the lane's name (as its `application_name`); called on
    ///     the lane's thread when the lane first works, and again after its connection was lost.
    init(
        count: Int, name: String, logger: Logger, open: @escaping @Sendable (_ laneName: String) throws -> PostgresConnection
    ) {
        lanes = count > 1 ? (1..<count).map { Lane(name: "\(name)-lane\($0)") } : []
        self.open = open
        self.logger = logger
    }

    /// How many parts a piece of work may be split into.
    var count: Int { lanes.count + 1 }

    /// Runs `body` for every part at once (part 0 here on `primary`, part i on lane i) and returns each
    /// part's result, in the order of `parts`, once all have finished. A part that fails does not stop the
    /// others. Blocks the calling thread, which must not be one of Swift's cooperative pool.
    func run<Part: Sendable, Result: Sendable>(
        _ parts: [Part], primary: PostgresConnection, _ body: @escaping @Sendable (Part, PostgresConnection) throws -> Result
    ) -> [Swift.Result<Result, any Error>] {
        precondition(parts.count <= count, "more parts than lanes")
        guard !parts.isEmpty else { return [] }
        let (open, logger) = (self.open, self.logger)
        let others = Outcomes<Result>()
        for (index, (part, lane)) in zip(parts.dropFirst(), lanes).enumerated() {
            Task(executorPreference: lane.executor) {
                others.put(index, Swift.Result { try lane.run(open: open, logger: logger) { try body(part, $0) } })
            }
        }
        var results: [Swift.Result<Result, any Error>] = []
        if let first = parts.first { results.append(Swift.Result { try body(first, primary) }) }
        return results + others.wait(for: parts.count - 1)
    }

    /// The lanes' results as they finish, and a wait for all of them.
    private final class Outcomes<Result: Sendable>: Sendable {
        private let results = Mutex<[Int: Swift.Result<Result, any Error>]>([:])
        private let finished = DispatchSemaphore(value: 0)

        func put(_ index: Int, _ result: Swift.Result<Result, any Error>) {
            results.withLock { $0[index] = result }
            finished.signal()
        }

        /// Blocks until `count` results are in; returns them in index order.
        func wait(for count: Int) -> [Swift.Result<Result, any Error>] {
            for _ in 0..<count { finished.wait() }
            let all = results.withLock { $0 }
            return (0..<count).map { all[$0]! }
        }
    }

    /// Closes the lanes' connections; call it once no work is in flight.
    func close() {
        for lane in lanes { lane.close() }
    }
}
