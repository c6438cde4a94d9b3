internal import SuiviPostgres
import Synchronization

/// The SQL type of each column of the read-model tables, read from the catalog once per schema and
/// process, for ``RowWriter``: its staging table holds every field as text, and each move casts them
/// to their columns' types (an I/O conversion cast: the same input function COPY would call). Types are
/// written without their modifier (`character varying`, not `character varying(20)`), so that the
/// column's own assignment keeps checking lengths as an insert would.
enum ColumnTypes {
    /// By schema, then table, then column.
    private static let known = Mutex<[String: [String: [String: String]]]>([:])

    /// The type of each of `columns` of `schema.table`, in order; read from the catalog when this
    /// process has not seen the table yet (a schema made after the first read, a rebuild's shadow).
    static func of(_ columns: [String], in table: String, schema: String, connection: PostgresConnection) throws -> [String] {
        if let types = lookUp(columns, table, schema) { return types }
        let result: PostgresResult
        do {
            result = try connection.query("""
                SELECT c.relname AS table_name, a.attname AS column_name, format_type(a.atttypid, NULL) AS type
                FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = \(schema) AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
                """)
        } catch {
            throw StoreError.wrap(error)
        }
        var tables: [String: [String: String]] = [:]
        for row in result.rows {
            tables[try row.string("table_name"), default: [:]][try row.string("column_name")] = try row.string("type")
        }
        known.withLock { $0[schema] = tables }
        guard let types = lookUp(columns, table, schema) else {
            throw StoreError(code: .notMigrated, message: "\(schema).\(table) is missing, or one of its columns \(columns)")
        }
        return types
    }

    private static func lookUp(_ columns: [String], _ table: String, _ schema: String) -> [String]? {
        known.withLock { known in
            guard let types = known[schema]?[table] else { return nil }
            var ordered: [String] = []
            ordered.reserveCapacity(columns.count)
            for column in columns {
                guard let type = types[column] else { return nil }
                ordered.append(type)
            }
            return ordered
        }
    }
}
