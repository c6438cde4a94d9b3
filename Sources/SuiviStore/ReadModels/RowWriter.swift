internal import SuiviDomain
internal import SuiviPostgres

/// Writes a batch's read-model rows in one round trip: each table's rows are staged here as COPY rows
/// with the statement that moves them into the table of `schema` (inserting, or replacing rows with the
/// same key), and ``flush(before:after:)`` sends them all in one simple query: one `COPY` (text format)
/// of every table's rows into the connection's staging table, then the moves in the order they were
/// staged (a move sees what the moves before it wrote: `cases` reads the `consents` of the same batch).
/// The server reads each value with its column's input function (a cast from the staged text), with no
/// JSON to parse first, and values never enter the SQL text.
///
/// The staging table, `pg_temp.suivi_stage_rows` (a part number, then up to ``maxColumns`` text
/// fields), is created on first use by each connection (`ON COMMIT DELETE ROWS`, so that commits leave
/// it empty), and each flush deletes the rows it moved: the same transaction can flush more than once
/// (the projector's event-by-event retry, the rebuild's catch-up).
public struct RowWriter {
    /// Row images keyed by column name, for the read models folded as such (consents, reports,
    /// regional consultations).
    typealias Row = [String: JSON]

    /// The most columns a staged table may have.
    static let maxColumns = 32

    let connection: PostgresConnection
    let schema: String
    /// True when the rows of a table written once per event (a ledger) are known to be new, as the
    /// stream versions say they are: they go in with a plain `INSERT`, without probing the unique
    /// indexes first for a row already there. A batch that proves otherwise fails, and is written again
    /// with `strict` false, where such a row is left alone.
    let strict: Bool

    /// How rows whose key already exists are treated.
    enum Conflict {
        /// Left alone (a ledger row is recorded once).
        case ignore
        /// Replaced by the new row, `updated_at` stamped.
        case replace(key: [String])
    }

    /// One table's rows and the statement that moves them.
    private struct Part {
        let table: String
        let columns: [String]
        let rows: CopyRows
        let moving: (_ staged: String) -> String
    }

    private var parts: [Part] = []

    init(connection: PostgresConnection, schema: String, strict: Bool = false) {
        self.connection = connection
        self.schema = schema
        self.strict = strict
    }

    /// True when nothing is staged.
    var isEmpty: Bool { parts.isEmpty }

    /// Stages rows to insert; rows whose key already exists are left alone (an event is recorded once).
    mutating func insert(_ table: String, columns: [String], rows: [Row]) {
        merge(table, columns: columns, rows: Self.encode(rows, columns: columns), conflict: .ignore)
    }

    /// Stages rows to insert or to replace the rows with the same key, stamping `updated_at`.
    mutating func upsert(_ table: String, key: [String], columns: [String], rows: [Row]) {
        merge(table, columns: columns, rows: Self.encode(rows, columns: columns), conflict: .replace(key: key))
    }

    /// Stages rows (fields in the order of `columns`) to move into `table`.
    mutating func merge(_ table: String, columns: [String], rows: CopyRows, conflict: Conflict) {
        let list = columns.joined(separator: ", ")
        let onConflict: String
        switch conflict {
        case .ignore:
            onConflict = strict ? "" : " ON CONFLICT DO NOTHING"
        case .replace(let key):
            let updates = columns.filter { !key.contains($0) }.map { "\($0) = EXCLUDED.\($0)" } + ["updated_at = now()"]
            onConflict = " ON CONFLICT (\(key.joined(separator: ", "))) DO UPDATE SET \(updates.joined(separator: ", "))"
        }
        merge(table, columns: columns, rows: rows) { [schema] staged in
            "INSERT INTO \(schema).\(table) (\(list)) SELECT \(list) FROM \(staged)\(onConflict)"
        }
    }

    /// Stages rows (fields in the order of `columns`) for `table`, with the statement `moving` returns for
    /// the name of a query over the staged rows (to use once, in a `FROM`; its columns are named and
    /// typed as `table`'s): an `INSERT INTO` the table of `schema`. The schema and table are identifiers
    /// chosen by the code.
    mutating func merge(_ table: String, columns: [String], rows: CopyRows, moving: @escaping (_ staged: String) -> String) {
        guard !rows.isEmpty else { return }
        precondition(columns.count <= Self.maxColumns, "\(table): \(columns.count) columns, at most \(Self.maxColumns) staged")
        parts.append(Part(table: table, columns: columns, rows: rows, moving: moving))
    }

    /// Sends what is staged in one simple query: the `before` statements, the COPY of every table's rows,
    /// the moves in the order staged, the staged rows' deletion, then the `after` statements. A simple
    /// query's statements run in one transaction, so the staged rows are never cleared by a commit before
    /// they are moved, inside a transaction block or not. Nothing staged: only `before` and `after` run.
    func flush(before: [String] = [], after: [String] = []) throws {
        guard !parts.isEmpty else {
            let statements = before + after
            if !statements.isEmpty { try run(statements.joined(separator: ";\n")) }
            return
        }
        let width = parts.map(\.columns.count).max() ?? 0
        var sql = before.map { $0 + ";\n" }.joined()
        sql += """
            CREATE TEMP TABLE IF NOT EXISTS suivi_stage_rows (part integer, \
            \((1...Self.maxColumns).map { "f\($0) text" }.joined(separator: ", "))) ON COMMIT DELETE ROWS;
            COPY pg_temp.suivi_stage_rows (part, \((1...width).map { "f\($0)" }.joined(separator: ", "))) FROM STDIN;

            """
        var bytes: [UInt8] = []
        bytes.reserveCapacity(parts.reduce(0) { $0 + $1.rows.bytes.count + $1.rows.count * (4 + 3 * (width - $1.columns.count)) })
        for (number, part) in parts.enumerated() {
            let types = try ColumnTypes.of(part.columns, in: part.table, schema: schema, connection: connection)
            let fields = zip(part.columns, types).enumerated().map { "f\($0.offset + 1)::\($0.element.1) AS \($0.element.0)" }
            sql += "WITH staged AS (SELECT \(fields.joined(separator: ", ")) FROM pg_temp.suivi_stage_rows WHERE part = \(number)) "
            sql += part.moving("staged") + ";\n"
            Self.append(part.rows, number: number, padding: width - part.columns.count, to: &bytes)
        }
        sql += "DELETE FROM pg_temp.suivi_stage_rows"
        sql += after.map { ";\n" + $0 }.joined()
        do {
            try connection.copyIn(sql, chunks: CollectionOfOne(bytes))
        } catch {
            throw StoreError.wrap(error)
        }
    }

    /// Appends each row of `rows` as a row of the staging table: its part number first, then its fields,
    /// then `padding` NULLs.
    private static func append(_ rows: CopyRows, number: Int, padding: Int, to out: inout [UInt8]) {
        let prefix = Array("\(number)\t".utf8)
        var pad: [UInt8] = []
        for _ in 0..<padding { pad.append(contentsOf: [UInt8(ascii: "\t"), UInt8(ascii: "\\"), UInt8(ascii: "N")]) }
        rows.bytes.withUnsafeBufferPointer { buffer in
            var start = 0
            for index in buffer.indices where buffer[index] == UInt8(ascii: "\n") {
                out.append(contentsOf: prefix)
                out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start..<index]))
                out.append(contentsOf: pad)
                out.append(UInt8(ascii: "\n"))
                start = index + 1
            }
        }
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

    /// Row images as COPY rows: an absent column is NULL.
    static func encode(_ rows: [Row], columns: [String]) -> CopyRows {
        var encoded = CopyRows(columns: columns.count, reservingBytes: rows.count * columns.count * 16)
        for row in rows {
            for column in columns { encoded.add(row[column] ?? .null) }
            encoded.endRow()
        }
        return encoded
    }

    @discardableResult
    private func run(_ query: PostgresQuery) throws -> PostgresResult {
        do { return try connection.query(query) } catch { throw StoreError.wrap(error) }
    }

    private func run(_ statements: String) throws {
        do { try connection.execute(statements) } catch { throw StoreError.wrap(error) }
    }
}
