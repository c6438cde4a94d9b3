import Foundation
import SuiviPostgres
@testable import SuiviWorkers
import Testing

/// ``ConnectionLanes`` on the real PostgreSQL: the parts of a piece of work run at once, each in its own
/// transaction on its own connection, and a part that fails leaves the others committed.
@Suite("Lanes: parts in transactions of their own, at once", .serialized)
struct ConnectionLanesTests {
    /// Runs `body` with a database of its own, a connection to it (application name `suivi-tests`) and
    /// `count` lanes whose connections go to the same database (`suivi-tests-lane<n>`).
    static func withLanes(count: Int, _ body: (PostgresConnection, ConnectionLanes) throws -> Void) async throws {
        try await TestStack.withScope { scope in
            let connection = try scope.connect()
            defer { connection.close() }
            let lanes = ConnectionLanes(count: count, name: "suivi-tests", logger: TestStack.logger) { name in
                try PostgresConnection(connectionString: scope.databaseURL, applicationName: name, logger: TestStack.logger)
            }
            defer { lanes.close() }
            try body(connection, lanes)
        }
    }

    struct PartFailed: Error, Equatable {}

    @Test func aFailingPartLeavesTheOthersCommittedAndTheResultsKeepThePartsOrder() async throws {
        try await Self.withLanes(count: 3) { connection, lanes in
            try connection.execute("CREATE TABLE lane_rows (part int NOT NULL, n int NOT NULL, writer text NOT NULL)")
            let results = lanes.run([0, 1, 2], primary: connection) { part, connection in
                try connection.transaction { _ in
                    for n in 0..<50 {
                        _ = try connection.query(
                            "INSERT INTO lane_rows VALUES (\(part), \(n), current_setting('application_name'))")
                    }
                    if part == 1 { throw PartFailed() }
                }
                return part * 10
            }
            #expect(results.count == 3)
            #expect(try results[0].get() == 0)
            #expect(throws: PartFailed.self) { try results[1].get() }
            #expect(try results[2].get() == 20)
            let rows = try connection.query(
                "SELECT part, count(*) AS rows, min(writer) AS writer FROM lane_rows GROUP BY part ORDER BY part")
            #expect(rows.count == 2)
            #expect(try rows[0].int("part") == 0 && rows[0].int("rows") == 50 && rows[0].string("writer") == "suivi-tests")
            #expect(try rows[1].int("part") == 2 && rows[1].int("rows") == 50 && rows[1].string("writer") == "suivi-tests-lane2")
            // The lanes work again after a failure, on the same connections.
            let again = lanes.run([5, 6, 7], primary: connection) { part, connection in
                try connection.query("SELECT \(part)::int * 2 AS v")[0].int("v")
            }
            let doubled = try again.map { try $0.get() }
            #expect(doubled == [10, 12, 14])
        }
    }

    /// Part 0 waits for a row that part 1 commits: run one after the other, part 0 would give up waiting
    /// (after 20 s) and the test would fail; at once, it sees the row.
    @Test func thePartsRunAtOnce() async throws {
        try await Self.withLanes(count: 2) { connection, lanes in
            try connection.execute("CREATE TABLE lane_signal (part int PRIMARY KEY)")
            let results = lanes.run([0, 1], primary: connection) { part, connection -> Bool in
                if part == 1 {
                    try connection.execute("INSERT INTO lane_signal VALUES (1)")
                    return true
                }
                for _ in 0..<2_000 {
                    if try connection.query("SELECT count(*) AS n FROM lane_signal")[0].int("n") == 1 { return true }
                    usleep(10_000)
                }
                return false
            }
            let saw = try results.map { try $0.get() }
            #expect(saw == [true, true], "part 0 never saw what part 1 wrote meanwhile")
        }
    }

    @Test func oneLaneRunsTheOnlyPartOnTheCallersConnection() async throws {
        try await Self.withLanes(count: 1) { connection, lanes in
            #expect(lanes.count == 1)
            let results = lanes.run(["only"], primary: connection) { part, connection in
                try connection.query("SELECT current_setting('application_name') AS a")[0].string("a") + ":" + part
            }
            let names = try results.map { try $0.get() }
            #expect(names == ["suivi-tests:only"])
            #expect(lanes.run([String](), primary: connection) { _, _ in 0 }.isEmpty)
        }
    }
}
