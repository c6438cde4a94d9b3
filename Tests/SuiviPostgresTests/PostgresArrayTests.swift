import Foundation
import Logging
import SuiviPostgres
import Testing

/// Binary-format array parameters (``PostgresArray``) against the real PostgreSQL (SUIVI_DATABASE_URL):
/// each element type reads back as the same value the text literals gave.
@Suite("PostgresArray against the real server")
struct PostgresArrayTests {
    let logger = Logger(label: "test")

    func connect() throws -> PostgresConnection {
        try PostgresConnection(connectionString: PostgresConnectionTests.url, applicationName: "suivi-tests", logger: logger)
    }

    @Test func textElementsKeepEveryByte() throws {
        let connection = try connect()
        let texts: [String?] = ["a,b", "quote\"d", "back\\slash", nil, "{brace}", "ünicode ✓", "", "NULL", "tab\tnew\nline"]
        let result = try connection.query(
            "SELECT t, ord FROM unnest(\(.array(.text(texts)))::text[]) WITH ORDINALITY AS u(t, ord) ORDER BY ord")
        #expect(result.count == texts.count)
        for (index, expected) in texts.enumerated() { #expect(result[index]["t"] == expected) }
    }

    @Test func integersBytesJSONAndTimestampsRoundTrip() throws {
        let connection = try connect()
        let small: [Int32?] = [0, -1, Int32.max, Int32.min, nil]
        let large: [Int64?] = [0, -1, Int64.max, Int64.min, nil]
        let bytes: [[UInt8]?] = [[0, 1, 2, 0xFF, 0x5C, 0x22], [], nil]
        let json: [String?] = [#"{"a":[1,"\u00e9"]}"#, "[]", nil]
        // 1970, 2000 (PostgreSQL's epoch), before it, and with microseconds.
        let micros: [Int64?] = [0, 946_684_800_000_000, -1_234_567, 1_764_600_000_123_456, nil]
        let result = try connection.query("""
            SELECT (\(.array(.int4(small))))::int[]::text AS small, (\(.array(.int8(large))))::bigint[]::text AS large,
                (\(.array(.bytea(bytes))))::bytea[]::text AS bytes, (\(.array(.json(bytes: json.map { $0.map { Array($0.utf8) } }))))::json[]::text AS json,
                (SELECT array_agg((extract(epoch FROM t) * 1000000)::bigint ORDER BY n)::text
                    FROM unnest((\(.array(.timestamptz(microsecondsSinceUnixEpoch: micros))))::timestamptz[]) WITH ORDINALITY AS u(t, n)) AS micros
            """)
        #expect(result[0]["small"] == "{0,-1,2147483647,-2147483648,NULL}")
        #expect(result[0]["large"] == "{0,-1,9223372036854775807,-9223372036854775808,NULL}")
        #expect(result[0]["bytes"] == #"{"\\x000102ff5c22","\\x",NULL}"#)
        #expect(result[0]["json"] == #"{"{\"a\":[1,\"\\u00e9\"]}",[],NULL}"#)
        #expect(result[0]["micros"] == "{0,946684800000000,-1234567,1764600000123456,NULL}")
    }

    @Test func emptyArraysAreEmpty() throws {
        let connection = try connect()
        let result = try connection.query("""
            SELECT cardinality(\(.array(.text([])))::text[]) AS t, cardinality(\(.array(.int8([])))::bigint[]) AS i,
                (SELECT count(*) FROM unnest(\(.array(.bytea([])))::bytea[])) AS b
            """)
        #expect(try result[0].int("t") == 0)
        #expect(try result[0].int("i") == 0)
        #expect(try result[0].int("b") == 0)
    }

    @Test func textCastOnTheServerStillRefusesWhatItsTypeRefuses() throws {
        let connection = try connect()
        let ids = try connection.query("SELECT (\(.array(.text(["0b7c8e0e-5d2a-4f7e-9a51-6a1b2c3d4e5f"]))))::text[]::uuid[]::text AS ids")
        #expect(ids[0]["ids"] == "{0b7c8e0e-5d2a-4f7e-9a51-6a1b2c3d4e5f}")
        #expect(throws: PostgresError.self) {
            try connection.query("SELECT (\(.array(.text(["not-a-uuid"]))))::text[]::uuid[] AS ids")
        }
        #expect(throws: PostgresError.self) {
            try connection.query("SELECT (\(.array(.json(bytes: [Array("{not json".utf8)]))))::json[] AS j")
        }
    }

    @Test func anElementTypeOtherThanTheCastsIsRefused() throws {
        let connection = try connect()
        #expect(throws: PostgresError.self) {
            try connection.query("SELECT (\(.array(.int8([1]))))::int[] AS i")
        }
    }
}
