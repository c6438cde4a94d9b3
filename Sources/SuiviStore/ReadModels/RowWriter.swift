internal import SuiviDomain
internal import SuiviPostgres

/// Reads and writes read-model rows given as JSON objects whose keys are column names, one statement
/// per table and batch: `json_populate_recordset` turns the rows (one bound parameter) into the table's
/// row type, so values never enter the SQL text and a batch is one round trip.
struct RowWriter {
    /// Row images keyed by column name.
    typealias Row = [String: JSON]

    let connection: PostgresConnection
    let schema: String

    /// Inserts rows; rows whose key already exists are left alone (an event is recorded once).
    func insert(_ table: String, columns: [String], rows: [Row]) throws {
        guard !rows.isEmpty else { return }
        try run(
            """
            INSERT INTO \(unescaped: schema).\(unescaped: table) (\(unescaped: columns.joined(separator: ", ")))
            SELECT \(unescaped: columns.joined(separator: ", "))
            FROM json_populate_recordset(NULL::\(unescaped: schema).\(unescaped: table), \(Self.payload(rows))::json)
            ON CONFLICT DO NOTHING
            """)
    }

    /// Inserts rows or replaces the rows with the same key, stamping `updated_at`.
    func upsert(_ table: String, key: [String], columns: [String], rows: [Row]) throws {
        guard !rows.isEmpty else { return }
        let updates = columns.filter { !key.contains($0) }.map { "\($0) = EXCLUDED.\($0)" } + ["updated_at = now()"]
        try run(
            """
            INSERT INTO \(unescaped: schema).\(unescaped: table) (\(unescaped: columns.joined(separator: ", ")))
            SELECT \(unescaped: columns.joined(separator: ", "))
            FROM json_populate_recordset(NULL::\(unescaped: schema).\(unescaped: table), \(Self.payload(rows))::json)
            ON CONFLICT (\(unescaped: key.joined(separator: ", "))) DO UPDATE SET \(unescaped: updates.joined(separator: ", "))
            """)
    }

    /// The rows whose `column` is one of `values`, as JSON objects keyed by column name.
    func load(_ table: String, where column: String, in values: [String]) throws -> [Row] {
        guard !values.isEmpty else { return [] }
        let result = try run(
            """
            SELECT row_to_json(t)::text AS row FROM \(unescaped: schema).\(unescaped: table) t
            WHERE \(unescaped: column) = ANY(\(.textArray(values)))
            """)
        return try result.rows.map { row in
            let text = try row.string("row")
            do { return try JSONParser.parse(text).objectValue ?? [:] } catch {
                throw StoreError(code: .corruptEvent, message: "a row of \(schema).\(table) cannot be read: \(error)")
            }
        }
    }

    private static func payload(_ rows: [Row]) -> String { JSON.array(rows.map(JSON.object)).canonicalText }

    @discardableResult
    private func run(_ query: PostgresQuery) throws -> PostgresResult {
        do { return try connection.query(query) } catch { throw StoreError.wrap(error) }
    }
}
