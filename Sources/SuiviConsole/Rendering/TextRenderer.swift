internal import SuiviApp
internal import SuiviOperations
internal import SuiviDomain

/// Writes a page model as plain text for the terminal (`suivi state report`): each section's facts and
/// table, with its paging line, in the page's language.
struct TextRenderer {
    let language: Language

    func render(_ model: PageModel) -> String {
        let html = HTMLRenderer(language: language, path: "/", parameters: [])
        var blocks = [model.title]
        for section in model.sections {
            var lines = ["", "== \(language.text(section.heading))"]
            for fact in section.facts {
                lines.append("\(language.text(fact.label)): \(plain(html.cell(fact.value, kind: fact.kind)))")
            }
            if let table = section.table {
                if table.rows.isEmpty {
                    lines.append(html.emptyLine(section))
                } else {
                    let rows = table.rows.map { row in table.columns.map { plain(html.cell(row[$0.key] ?? .null, kind: $0.kind)) } }
                    lines.append(TextTable(headers: table.columns.map { language.text($0.label).uppercased() }, rows: rows).rendered)
                    lines.append(html.pagingLine(section, count: table.rows.count))
                    // The terminal has no "next rows" link: say which option shows them.
                    if let total = section.total, section.offset + table.rows.count < total {
                        lines.append(language.text("paging.next-option", String(section.offset + table.rows.count)))
                    }
                }
            }
            blocks.append(lines.joined(separator: "\n"))
        }
        return blocks.joined(separator: "\n")
    }

    /// The cell's HTML without tags and entities.
    func plain(_ html: String) -> String {
        var out = ""
        var inTag = false
        for character in html {
            if character == "<" { inTag = true } else if character == ">" { inTag = false } else if !inTag { out.append(character) }
        }
        return out.replacingAll("&lt;", with: "<").replacingAll("&gt;", with: ">").replacingAll("&quot;", with: "\"")
            .replacingAll("&#39;", with: "'").replacingAll("&amp;", with: "&")
    }
}
