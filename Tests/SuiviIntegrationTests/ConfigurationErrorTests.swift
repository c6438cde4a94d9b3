import Foundation
import SuiviPostgres
import Testing

/// Bad configuration gives one line that says what is wrong and what to do, and a meaningful exit code,
/// within a bounded time: never a crash or a hang.
@Suite("Bad configuration", .serialized)
struct ConfigurationErrorTests {
    @Test func unreachableBrokerStopsTheWorkerWithOneLine() throws {
        let result = try WorkerProcess.run("suivi-decider", [], environment: ["SUIVI_KAFKA_BROKERS": "127.0.0.1:1"], timeout: 120)
        #expect(result.status == 5)
        let last = result.stderr.split(separator: "\n").last.map(String.init) ?? ""
        #expect(last.hasPrefix("suivi-decider: "))
        #expect(last.contains("127.0.0.1:1"))
        #expect(last.contains("SUIVI_KAFKA_BROKERS"))
    }

    @Test func wrongDatabaseURLGivesOneLineWithoutThePassword() throws {
        let result = try WorkerProcess.run("suivi", ["cases", "list"],
            environment: ["SUIVI_DATABASE_URL": "postgresql://auditor:hunter2@127.0.0.1:1/suivi"], timeout: 120)
        #expect(result.status == 5)
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(result.stderr.contains("SUIVI_DATABASE_URL"))
        #expect(!result.stderr.contains("hunter2"))
        #expect(result.stdout.isEmpty)
    }

    @Test func missingTablesSayToMigrate() throws {
        let admin = TestStack.baseURL
        let name = "it_empty_\(UInt32.random(in: 0...UInt32.max))"
        let connection = try PostgresConnection(connectionString: admin, logger: TestStack.logger)
        try connection.execute("CREATE DATABASE \(name)")
        defer { try? connection.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
        let result = try WorkerProcess.run("suivi", ["case", "show", "x"],
            environment: ["SUIVI_DATABASE_URL": TestStack.databaseURL(for: name)], timeout: 120)
        #expect(result.status == 5)
        #expect(result.stderr.contains("suivi migrate"))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test func invalidSettingIsNamed() throws {
        let result = try WorkerProcess.run("suivi-projector", [], environment: ["SUIVI_BATCH_SIZE": "lots"], timeout: 120)
        #expect(result.status == 78)
        #expect(result.stderr.contains("SUIVI_BATCH_SIZE=lots"))
    }
}
