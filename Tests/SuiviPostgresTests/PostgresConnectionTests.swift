import Foundation
import Logging
import SuiviPostgres
import Testing

/// Talks to the real PostgreSQL that `ops/stack start` runs (SUIVI_DATABASE_URL).
@Suite("PostgresConnection against the real server")
struct PostgresConnectionTests {
    static let url = ProcessInfo.processInfo.environment["SUIVI_DATABASE_URL"] ?? "postgresql://suivi@127.0.0.1:54329/suivi"
    let logger = Logger(label: "test")

    func connect() throws -> PostgresConnection {
        try PostgresConnection(connectionString: Self.url, applicationName: "suivi-tests", logger: logger)
    }

    @Test func parametersAreNeverSplicedIntoSQL() throws {
        let connection = try connect()
        let hostile = "x'); DROP TABLE pg_class; -- \"quoted\" \\ back"
        let result = try connection.query("SELECT \(hostile)::text AS value, \(Int64(42)) + 1 AS answer, \(true) AS flag")
        #expect(result[0]["value"] == hostile)
        #expect(try result[0].int("answer") == 43)
        #expect(try result[0].bool("flag"))
    }

    @Test func arraysAndBytesRoundTrip() throws {
        let connection = try connect()
        let texts: [String?] = ["a,b", "quote\"d", "back\\slash", nil, "{brace}", "ünicode ✓"]
        let result = try connection.query("SELECT t, ord FROM unnest(\(.textArray(texts))::text[]) WITH ORDINALITY AS u(t, ord) ORDER BY ord")
        #expect(result.count == texts.count)
        for (index, expected) in texts.enumerated() { #expect(result[index]["t"] == expected) }
        let bytes: [UInt8] = [0, 1, 2, 0xFF, 0x5C, 0x22]
        let echoed = try connection.query("SELECT \(bytes)::bytea AS b, (\(.bytesArray([bytes, nil])))::bytea[] AS arr")
        #expect(try echoed[0].bytes("b") == bytes)
    }

    @Test func transactionRollsBackWhenTheBodyThrows() throws {
        let connection = try connect()
        let table = "tx_test_\(UInt32.random(in: 0...UInt32.max))"
        try connection.execute("CREATE TABLE \(table) (id int)")
        defer { try? connection.execute("DROP TABLE \(table)") }
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try connection.transaction { connection in
                try connection.query("INSERT INTO \(unescaped: table) VALUES (1)")
                throw Boom()
            }
        }
        try connection.transaction { connection in
            try connection.query("INSERT INTO \(unescaped: table) VALUES (2)")
        }
        let rows = try connection.query("SELECT id FROM \(unescaped: table)")
        #expect(rows.count == 1)
        #expect(rows[0]["id"] == "2")
    }

    @Test func copyFromStdinLoadsEveryRow() throws {
        let connection = try connect()
        let table = "copy_test_\(UInt32.random(in: 0...UInt32.max))"
        try connection.execute("CREATE TABLE \(table) (id int, label text)")
        defer { try? connection.execute("DROP TABLE \(table)") }
        var chunks: [[UInt8]] = []
        var chunk: [UInt8] = []
        for id in 0..<10_000 {
            chunk.append(contentsOf: "\(id)\tlabel \(id)\n".utf8)
            if chunk.count > 64 * 1024 { chunks.append(chunk); chunk = [] }
        }
        chunks.append(chunk)
        let copied = try connection.copyIn("COPY \(table) (id, label) FROM STDIN", chunks: chunks)
        #expect(copied == 10_000)
        let result = try connection.query("SELECT count(*) AS n, max(id) AS top FROM \(unescaped: table)")
        #expect(try result[0].int("n") == 10_000)
        #expect(try result[0].int("top") == 9_999)
    }

    @Test func serverErrorsCarrySQLStateAndMessage() throws {
        let connection = try connect()
        let table = "err_test_\(UInt32.random(in: 0...UInt32.max))"
        try connection.execute("CREATE TABLE \(table) (id int PRIMARY KEY)")
        defer { try? connection.execute("DROP TABLE \(table)") }
        try connection.query("INSERT INTO \(unescaped: table) VALUES (1)")
        do {
            try connection.query("INSERT INTO \(unescaped: table) VALUES (1)")
            Issue.record("a duplicate key was accepted")
        } catch let error as PostgresError {
            #expect(error.code == .statementFailed)
            #expect(error.sqlState == PostgresError.SQLState.uniqueViolation)
            #expect(error.message.contains("duplicate key"))
        }
        do {
            try connection.query("SELECT * FROM no_such_table_here")
            Issue.record("a missing table was not reported")
        } catch let error as PostgresError {
            #expect(error.sqlState == PostgresError.SQLState.undefinedTable)
        }
        // The connection is still usable after errors.
        #expect(try connection.query("SELECT 1 AS one")[0]["one"] == "1")
    }

    @Test func connectionFailureIsOneLineAndHidesThePassword() throws {
        do {
            _ = try PostgresConnection(
                connectionString: "postgresql://someone:s3cret-pw@127.0.0.1:1/nowhere", connectTimeout: 2, logger: logger)
            Issue.record("connected to a closed port")
        } catch let error as PostgresError {
            #expect(error.code == .connectionFailed)
            #expect(!error.description.contains("s3cret-pw"))
            #expect(!error.description.contains("\n"))
            #expect(error.description.contains("127.0.0.1:1"))
            #expect(error.description.contains("SUIVI_DATABASE_URL"))
        }
    }

    @Test func noticesGoToTheLoggerAndCloseIsIdempotent() throws {
        // libpq prints notices to stderr unless a notice processor takes them: ours hands them to the logger.
        let notices = NoticeCollector()
        var logger = Logger(label: "notices") { _ in notices }
        logger.logLevel = .debug
        let connection = try PostgresConnection(connectionString: Self.url, applicationName: "suivi-tests", logger: logger)
        try connection.execute("DO $$ BEGIN RAISE NOTICE 'hello from the server'; END $$")
        #expect(notices.lines.contains { $0.contains("hello from the server") })
        connection.close()
        connection.close()
        #expect(throws: PostgresError.self) { try connection.query("SELECT 1") }
    }
}

/// Keeps what a logger was given: the notices' metadata, one string per log call.
final class NoticeCollector: LogHandler, @unchecked Sendable {
    // Unchecked: the connection is used from one thread in this test, and so is its logger.
    var lines: [String] = []
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .debug

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        lines.append("\(event.message) \(event.metadata ?? [:])")
    }
}
