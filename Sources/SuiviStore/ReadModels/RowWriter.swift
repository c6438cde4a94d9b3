internal import SuiviDomain
internal import SuiviPostgres

/// Writes read-model rows with COPY: a batch's rows for a table go in one `COPY` (text format) into a
/// staging table of this connection, then one statement moves them into the table of `schema`
/// (inserting, or replacing rows with the same key), both in the same simple query. The server reads
/// each value with its column's input function, with no JSON to parse first, and values never enter
/// the SQL text.
///
/// A staging table, `pg_temp.suivi_stage_<table>` with the written columns only (no constraints, no
/// defaults), is created on first use by each connection (`ON COMMIT DELETE ROWS`, so that commits
/// leave it empty), and each merge deletes the rows it moves: the same transaction can write a table
/// more than once (the projector's event-by-event retry, the rebuild's catch-up).
struct RowWriter {
    /// Row images keyed by column name, for the read models folded as such (consents, reports,
    /// regional consultations).
    typealias Row = JSON.Members

    let connection: PostgresConnection
    let schema: String

    /// How rows whose key already exists are treated.
    enum Conflict {
        /// Left alone (a ledger row is recorded once).
        case ignore
        /// Replaced by the new row, `updated_at` stamped.
        case replace(key: [String])
    }

    /// Inserts rows; rows whose key already exists are left alone (an event is recorded once).
    func insert(_ table: String, columns: [String], rows: [Row]) throws {
        try merge(table, columns: columns, rows: Self.encode(rows, columns: columns), conflict: .ignore)
    }

    /// Inserts rows or replaces the rows with the same key, stamping `updated_at`.
    func upsert(_ table: String, key: [String], columns: [String], rows: [Row]) throws {
        try merge(table, columns: columns, rows: Self.encode(rows, columns: columns), conflict: .replace(key: key))
    }

    /// Moves rows (fields in the order of `columns`) into `table`: with ``Conflict/ignore``, copied straight
    /// in when none of their keys is there yet (``append(_:columns:rows:)``), through the staging table
    /// otherwise.
    func merge(_ table: String, columns: [String], rows: CopyRows, conflict: Conflict) throws {
        guard !rows.isEmpty else { return }
        if case .ignore = conflict, try append(table, columns: columns, rows: rows) { return }
        let list = columns.joined(separator: ", ")
        let onConflict: String
        switch conflict {
        case .ignore:
            onConflict = "ON CONFLICT DO NOTHING"
        case .replace(let key):
            let updates = columns.filter { !key.contains($0) }.map { "\($0) = EXCLUDED.\($0)" } + ["updated_at = now()"]
            onConflict = "ON CONFLICT (\(key.joined(separator: ", "))) DO UPDATE SET \(updates.joined(separator: ", "))"
        }
        try merge(table, columns: columns, rows: rows) { staged in
            "INSERT INTO \(schema).\(table) (\(list)) SELECT \(list) FROM \(staged) \(onConflict)"
        }
    }

    /// Copies rows (fields in the order of `columns`) straight into `table`, under a savepoint; false
    /// (nothing written) when one of them has a key already there, or outside a transaction block.
    ///
    /// The ledger rows of events not applied before are new (the batch's stream versions filter the
    /// events delivered again), so the COPY nearly always succeeds; it spares the server the staging
    /// table and the `ON CONFLICT` probes of every unique index for every row, which were a fifth of
    /// the projector's backend time. The rare conflict falls back to the staged `ON CONFLICT DO NOTHING`.
    private func append(_ table: String, columns: [String], rows: CopyRows) throws -> Bool {
        guard connection.isInTransactionBlock else { return false }
        do {
            try connection.copyIn(
                """
                SAVEPOINT suivi_append;
                COPY \(schema).\(table) (\(columns.joined(separator: ", "))) FROM STDIN;
                RELEASE SAVEPOINT suivi_append
                """,
                chunks: CollectionOfOne(rows.bytes))
            return true
        } catch let error as PostgresError where error.sqlState == PostgresError.SQLState.uniqueViolation {
            do {
                try connection.execute("ROLLBACK TO SAVEPOINT suivi_append; RELEASE SAVEPOINT suivi_append")
            } catch {
                throw StoreError.wrap(error)
            }
            return false
        } catch {
            throw StoreError.wrap(error)
        }
    }

    /// Copies rows (fields in the order of `columns`) into `table`'s staging table, then runs the
    /// statement `moving` returns for the name of a query over the staged rows (to use once, in a
    /// `FROM`): an `INSERT INTO` the table of `schema`. The schema and table are identifiers chosen by
    /// the code.
    func merge(_ table: String, columns: [String], rows: CopyRows, moving: (_ staged: String) -> String) throws {
        guard !rows.isEmpty else { return }
        let staging = "pg_temp.suivi_stage_\(table)"
        let list = columns.joined(separator: ", ")
        // One simple query, one round trip for the statements around the COPY's data: the staging table
        // is created when this connection has none yet, the rows copied, then moved. A simple query's
        // statements run in one transaction, so the staged rows are never cleared by a commit before
        // they are moved, inside a transaction block or not.
        do {
            try connection.copyIn(
                """
                CREATE TEMP TABLE IF NOT EXISTS suivi_stage_\(table) ON COMMIT DELETE ROWS
                    AS SELECT \(list) FROM \(schema).\(table) WITH NO DATA;
                COPY \(staging) (\(list)) FROM STDIN;
                WITH staged AS (DELETE FROM \(staging) RETURNING *) \(moving("staged"))
                """,
                chunks: CollectionOfOne(rows.bytes))
        } catch {
            throw StoreError.wrap(error)
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
}
