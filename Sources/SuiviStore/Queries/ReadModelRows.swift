internal import SuiviDomain
internal import SuiviPostgres

/// Runs a query whose rows are JSON objects (a `row` column holding `row_to_json(...)`) and hands them
/// back as scripts see them: keys in camelCase, times in RFC 3339 UTC, `updated_at` left out (it says
/// when a row was written, not what it says).
struct ReadModelRows {
    let connection: PostgresConnection

    func objects(_ query: PostgresQuery) throws -> [JSON] {
        let result: PostgresResult
        do { result = try connection.query(query) } catch { throw StoreError.wrap(error) }
        return try result.rows.map { row in
            let text = try row.string("row")
            do { return Self.presented(try JSONParser.parse(text)) } catch {
                throw StoreError(code: .corruptEvent, message: "a read-model row cannot be read: \(error)")
            }
        }
    }

    /// camelCase keys, UTC times, no `updated_at`, recursively.
    static func presented(_ value: JSON) -> JSON {
        switch value {
        case .object(let members):
            var out: [String: JSON] = [:]
            for (key, member) in members where key != "updated_at" { out[camelCase(key)] = presented(member) }
            return .object(out)
        case .array(let values):
            return .array(values.map(presented))
        case .string(let text):
            let bytes = Array(text.utf8)
            if bytes.count >= 20, bytes[10] == UInt8(ascii: "T"), let stamp = Timestamp(rfc3339: text) {
                return .string(stamp.rfc3339)
            }
            return value
        default:
            return value
        }
    }

    static func camelCase(_ key: String) -> String {
        let parts = key.split(separator: "_")
        guard let first = parts.first else { return key }
        return String(first) + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
}
