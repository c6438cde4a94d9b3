internal import SuiviDomain
internal import SuiviPostgres

extension CopyRows {
    /// A field from a JSON value as `json_populate_recordset` would read it into a column: a string as
    /// its text, a number as written, a boolean, null, or an array of strings as a `text[]`.
    mutating func add(_ value: JSON) {
        switch value {
        case .null: addNull()
        case .bool(let flag): add(flag)
        case .number(let text): add(text)
        case .string(let text): add(text)
        case .array(let elements): add(array: elements.map { $0.stringValue ?? $0.canonicalText })
        case .object: add(value.canonicalText)
        }
    }
}
