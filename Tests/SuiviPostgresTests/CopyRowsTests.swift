import Foundation
import Logging
import SuiviPostgres
import Testing

@Suite("CopyRows")
struct CopyRowsTests {
    @Test func fieldsAreTabSeparatedAndNullIsBackslashN() {
        var rows = CopyRows(columns: 5)
        rows.add("plain")
        rows.add(Optional<String>.none)
        rows.add(-1_234_567_890_123)
        rows.add(true)
        rows.add(array: ["a", "b"])
        rows.endRow()
        #expect(String(decoding: rows.bytes, as: UTF8.self) == "plain\t\\N\t-1234567890123\tt\t{\"a\",\"b\"}\n")
        #expect(rows.count == 1)
    }

    @Test func specialCharactersAreEscapedForCopyAndForArrays() {
        var rows = CopyRows(columns: 2)
        rows.add("tab\there\nnew\\back\rret \"q\"")
        rows.add(array: ["q\"uote", "back\\slash", "comma,brace}"])
        rows.endRow()
        #expect(String(decoding: rows.bytes, as: UTF8.self)
            == "tab\\there\\nnew\\\\back\\rret \"q\"\t{\"q\\\\\"uote\",\"back\\\\\\\\slash\",\"comma,brace}\"}\n")
    }

    /// What the server reads back is what was written, for every kind of awkward value.
    @Test func theServerReadsBackEveryValue() throws {
        let url = ProcessInfo.processInfo.environment["SUIVI_DATABASE_URL"] ?? "postgresql://suivi@127.0.0.1:54329/suivi"
        let connection = try PostgresConnection(connectionString: url, applicationName: "suivi-tests", logger: Logger(label: "test"))
        let table = "copy_rows_test_\(UInt32.random(in: 0...UInt32.max))"
        try connection.execute("CREATE TABLE \(table) (id int, label text, flag boolean, words text[], big bigint)")
        defer { try? connection.execute("DROP TABLE \(table)") }
        let labels: [String?] = [
            "plain", nil, "", "\\N", "tab\tnew\nline\rret", "back\\slash", "quote\"d", "ünicode ✓", "{brace},comma",
        ]
        let words: [[String]] = [[], ["a"], ["", "NULL", "q\"uote", "back\\slash", "tab\tin", "x,y", "{z}"]]
        var rows = CopyRows(columns: 5)
        for (index, label) in labels.enumerated() {
            rows.add(index)
            rows.add(label)
            rows.add(index % 3 == 0 ? nil : index % 2 == 0)
            rows.add(array: words[index % words.count])
            rows.add(index == 0 ? Int64.min + 1 : Int64(index) * 1_000_000_007)
            rows.endRow()
        }
        let copied = try connection.copyIn("COPY \(table) (id, label, flag, words, big) FROM STDIN", chunks: [rows.bytes])
        #expect(copied == labels.count)
        let result = try connection.query("""
            SELECT id, label, flag, big, array_length(words, 1) AS n, words = \(.textArray(words[2]))::text[] AS third
            FROM \(unescaped: table) ORDER BY id
            """)
        #expect(result.count == labels.count)
        for (index, label) in labels.enumerated() {
            #expect(result[index]["label"] == label)
            #expect(result[index]["flag"] == (index % 3 == 0 ? nil : (index % 2 == 0 ? "t" : "f")))
            #expect(try result[index].int("big") == (index == 0 ? Int64.min + 1 : Int64(index) * 1_000_000_007))
            #expect(result[index]["n"] == (index % 3 == 0 ? nil : String(words[index % 3].count)))
            if index % 3 == 2 { #expect(result[index]["third"] == "t") }
        }
    }
}
