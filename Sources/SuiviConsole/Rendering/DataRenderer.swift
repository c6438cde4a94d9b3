internal import SuiviDomain

/// Writes a page's data as JSON (every section) or CSV (one section's table), the same rows the HTML
/// shows, values as recorded.
enum DataRenderer {
    static func json(_ model: PageModel) -> String {
        var members = model.meta
        members["page"] = .string(model.page)
        var sections: JSON.Members = [:]
        for section in model.sections {
            var object: JSON.Members = [:]
            for fact in section.facts { object[fact.key] = fact.value }
            if let table = section.table {
                object["rows"] = .array(table.rows.map { .object($0) })
                object["total"] = .int(section.total ?? table.rows.count)
                object["offset"] = .int(section.offset)
            }
            sections[section.id] = .object(object)
        }
        members["sections"] = .object(sections)
        return JSON.object(members).prettyText() + "\n"
    }

    /// The table of the section `id` (default: the first with a table), RFC 4180.
    static func csv(_ model: PageModel, table id: String?) -> String? {
        guard let section = model.sections.first(where: { $0.table != nil && (id == nil || $0.id == id) }),
            let table = section.table
        else { return nil }
        var lines = [table.columns.map { field($0.key) }.joined(separator: ",")]
        for row in table.rows {
            lines.append(table.columns.map { field(text(row[$0.key] ?? .null)) }.joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// The sections that have a table (the values `table=` accepts).
    static func tableIDs(_ model: PageModel) -> [String] { model.sections.filter { $0.table != nil }.map(\.id) }

    static func text(_ value: JSON) -> String {
        switch value {
        case .null: ""
        case .string(let text): text
        case .number(let text): text
        case .bool(let flag): flag ? "true" : "false"
        case .array(let items): items.map(text).joined(separator: ";")
        case .object: value.canonicalText
        }
    }

    /// Quoted when needed; a leading = + - @ is prefixed with ' so that spreadsheets do not run it.
    static func field(_ text: String) -> String {
        var value = text
        if let first = value.first, "=+-@".contains(first), Double(value) == nil { value = "'" + value }
        if value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + value.replacingAll("\"", with: "\"\"") + "\""
        }
        return value
    }
}
