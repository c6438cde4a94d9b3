import Foundation
import SuiviPostgres
@testable import SuiviWorkers
import Testing

/// ``ConnectionLanes`` on the real PostgreSQL: the parts of a piece of work run at once, each in its own
/// transaction on its own connection, and a part that fails leaves the others committed.
@Suite("Lanes: parts in transactions of their own, at once", .serialized)
struct ConnectionLanesTests {
    static func lanes(_ scope: TestStack.Scope, count: Int) -> ConnectionLanes {
        ConnectionLanes(count: count, name: "suivi-tests", logger: TestStack.logger) { name in
            try PostgresConnection(connectionString: scope.databaseURL, applicationName: name, logger: TestStack.logger)
        }
    }

    struct PartFailed: Error, Equatable {}

    @Test func aFailingPartLeavesTheOthersCommittedAndTheResultsKeepThePartsOrder() async throws {
        try await TestStack.withScope { scope in
            let connection = try scope.connect()
            defer { connection.close() }
            try connection.execute("CREATE TABLE lane_rows (part int NOT NULL, n int NOT NULL, writer text NOT NULL)")
            let lanes = Self.lanes(scope, count: 3)
            defer { lanes.close() }
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
            #expect(try again.map { try $0.get() } == [10, 12, 14])
        }
    }

    /// Part 0 waits for a row that part 1 commits: run one after the other, part 0 would give up waiting
    /// (after 20 s) and the test would fail; at once, it sees the row.
    @Test func thePartsRunAtOnce() async throws {
        try await TestStack.withScope { scope in
            let connection = try scope.connect()
            defer { connection.close() }
            try connection.execute("CREATE TABLE lane_signal (part int PRIMARY KEY)")
            let lanes = Self.lanes(scope, count: 2)
            defer { lanes.close() }
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
            #expect(try results.map { try $0.get() } == [true, true], "part 0 never saw what part 1 wrote meanwhile")
        }
    }

    @Test func oneLaneRunsTheOnlyPartOnTheCallersConnection() async throws {
        try await TestStack.withScope { scope in
            let connection = try scope.connect()
            defer { connection.close() }
            let lanes = Self.lanes(scope, count: 1)
            #expect(lanes.count == 1)
            let results = lanes.run(["only"], primary: connection) { part, connection in
                try connection.query("SELECT current_setting('application_name') AS a")[0].string("a") + ":" + part
            }
            #expect(try results.map { try $0.get() } == ["suivi-tests:only"])
            #expect(lanes.run([String](), primary: connection) { _, _ in 0 }.isEmpty)
        }
    }
}
