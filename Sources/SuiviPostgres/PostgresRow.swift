/// One row of a ``PostgresResult``. Columns are addressed by position or by name; values come in
/// PostgreSQL's text format and are converted on request.
public struct PostgresRow {
    let result: PostgresResult
    let index: Int

    /// The text of a column, or nil for NULL or an unknown column.
    public subscript(_ column: Int) -> String? { result.text(index, column) }

    /// The text of a named column, or nil for NULL or an unknown column.
    public subscript(_ name: String) -> String? {
        guard let column = result.column(named: name) else { return nil }
        return result.text(index, column)
    }

    /// A non-NULL text column.
    public func string(_ name: String) throws -> String {
        guard let value = self[name] else { throw missing(name, "text") }
        return value
    }

    /// A non-NULL integer column.
    public func int(_ name: String) throws -> Int64 {
        guard let text = self[name], let value = Int64(text) else { throw missing(name, "integer") }
        return value
    }

    /// An integer column that may be NULL.
    public func optionalInt(_ name: String) throws -> Int64? {
        guard let text = self[name] else { return nil }
        guard let value = Int64(text) else { throw missing(name, "integer") }
        return value
    }

    /// A non-NULL boolean column.
    public func bool(_ name: String) throws -> Bool {
        guard let text = self[name] else { throw missing(name, "boolean") }
        return text == "t"
    }

    /// A `bytea` column (text format `\x...`), or nil for NULL.
    public func bytes(_ name: String) throws -> [UInt8]? {
        guard let column = result.column(named: name) else { throw missing(name, "bytea") }
        guard let raw = result.bytes(index, column) else { return nil }
        guard let decoded = Hex.decode(raw) else { throw missing(name, "bytea") }
        return decoded
    }

    /// The raw UTF-8 bytes of a column as sent by the server (no copy of the whole result).
    public func utf8(_ name: String) throws -> [UInt8]? {
        guard let column = result.column(named: name) else { throw missing(name, "text") }
        return result.bytes(index, column).map(Array.init)
    }

    private func missing(_ name: String, _ type: String) -> PostgresError {
        PostgresError(code: .decoding, message: "column \(name) of row \(index) is missing, NULL or not a valid \(type)")
    }
}
