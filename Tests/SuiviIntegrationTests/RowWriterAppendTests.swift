import SuiviDomain
import SuiviPostgres
import Testing

@testable import SuiviStore

/// Ledger rows (`ON CONFLICT DO NOTHING`) are copied straight into their table inside a transaction, and
/// go through the staging table when a key is already there or outside a transaction: either way a row
/// whose key exists is left as it was and the others are written.
@Suite("Read models: ledger rows written once", .serialized)
struct RowWriterAppendTests {
    static func rows(_ pairs: [(String, String)]) -> [RowWriter.Row] {
        pairs.map { ["id": .string($0.0), "note": .string($0.1)] }
    }

    static func table(_ connection: PostgresConnection) throws -> [String: String] {
        let result = try connection.query("SELECT id, note FROM append_test.ledger ORDER BY id")
        var rows: [String: String] = [:]
        for row in result.rows { rows[try row.string("id")] = try row.string("note") }
        return rows
    }

    @Test func aKeyAlreadyThereIsLeftAloneInsideATransactionAndOutside() async throws {
        try await TestStack.withScope { scope in
            let connection = try scope.connect()
            try connection.execute(
                "CREATE SCHEMA append_test; CREATE TABLE append_test.ledger (id text PRIMARY KEY, note text NOT NULL)")
            let writer = RowWriter(connection: connection, schema: "append_test")
            let columns = ["id", "note"]
            try connection.transaction { _ in
                try writer.insert("ledger", columns: columns, rows: Self.rows([("a", "first"), ("b", "first")]))
                // One key already there, one new: the COPY fails, the staged insert keeps "a" as it was.
                try writer.insert("ledger", columns: columns, rows: Self.rows([("a", "second"), ("c", "second")]))
                // The same key twice in one call.
                try writer.insert("ledger", columns: columns, rows: Self.rows([("d", "first"), ("d", "first")]))
            }
            #expect(try Self.table(connection) == ["a": "first", "b": "first", "c": "second", "d": "first"])
            // Outside a transaction block (no savepoint to set): the staged insert.
            try writer.insert("ledger", columns: columns, rows: Self.rows([("b", "third"), ("e", "third")]))
            #expect(
                try Self.table(connection) == ["a": "first", "b": "first", "c": "second", "d": "first", "e": "third"])
            #expect(!connection.isInTransactionBlock)
        }
    }
}
