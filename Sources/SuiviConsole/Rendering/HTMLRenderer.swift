internal import SuiviApp
internal import SuiviOperations
internal import SuiviDomain

/// Writes a page as HTML: one layout (skip link, header, navigation, language switch, main, footer),
/// semantic tables with captions and scoped headers, no script, no resource from elsewhere.
struct HTMLRenderer {
    let language: Language
    /// The request's path and parameters, for the language and format switches.
    let path: String
    let parameters: [(String, String)]

    var format: LocalFormat { LocalFormat(language: language) }
    var links: ConsoleLinks { ConsoleLinks(language: language) }

    static let style = """
        :root{color-scheme:light}
        body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#1f2933;margin:0;background:#fafbfc}
        a{color:#0b4f9c}a:focus,button:focus,input:focus,select:focus{outline:3px solid #f0b429;outline-offset:2px}
        .skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:6px;z-index:2}
        header{background:#102a43;color:#fff;padding:10px 24px;display:flex;flex-wrap:wrap;gap:18px;align-items:center}
        header a{color:#fff}header .brand{font-weight:700;font-size:17px;text-decoration:none}
        nav ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:14px}
        nav a[aria-current=page]{font-weight:700;text-decoration:underline}
        .langs{margin-left:auto}.langs a{margin-left:10px}
        main{padding:16px 24px;max-width:1300px}
        h1{font-size:24px;margin:6px 0 8px}h2{font-size:19px;margin:26px 0 8px;color:#243b53}
        table{border-collapse:collapse;width:100%;background:#fff;font-size:13.5px;margin-bottom:6px}
        caption{text-align:left;color:#334e68;padding:4px 0}
        th,td{border-bottom:1px solid #d9e2ec;padding:5px 8px;text-align:left;vertical-align:top}
        th{background:#e6edf4;color:#102a43}
        code{font:13px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;color:#243b53}
        dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;background:#fff;padding:8px 12px;border:1px solid #d9e2ec}
        dt{font-weight:600;color:#334e68}dd{margin:0}
        form{background:#fff;border:1px solid #d9e2ec;padding:10px 12px;display:flex;flex-wrap:wrap;gap:12px;align-items:end}
        label{display:flex;flex-direction:column;font-size:13px;color:#243b53}
        input,select,button{font:inherit;padding:4px 6px;border:1px solid #627d98;border-radius:3px;background:#fff;color:#1f2933}
        button{background:#0b4f9c;color:#fff;border-color:#0b4f9c;cursor:pointer}
        .paging{color:#334e68;font-size:13.5px}.formats{font-size:13.5px}
        .ok{color:#1d6a2c;font-weight:600}.bad{color:#9b1c1c;font-weight:600}
        .chart{background:#fff;border:1px solid #d9e2ec;padding:8px;overflow-x:auto}
        footer{padding:16px 24px;color:#486581;font-size:13px}
        """

    /// The whole document around `content`.
    func document(title: String, current: String, content: String) -> String {
        let nav = [("mandate", "/", "nav.mandate"), ("states", "/states", "nav.states"), ("integrity", "/integrity", "nav.integrity"),
                   ("search", "/search", "nav.search")]
            .map { page, href, key in
                "<li><a href=\"\(HTMLText.escape(links.href(href)))\"\(page == current ? " aria-current=\"page\"" : "")>\(HTMLText.escape(language.text(key)))</a></li>"
            }.joined()
        let switches = Catalogue.all.map { other in
            other == language
                ? "<span lang=\"\(other.code)\" aria-current=\"true\">\(HTMLText.escape(other.name))</span>"
                : "<a lang=\"\(other.code)\" hreflang=\"\(other.code)\" href=\"\(HTMLText.escape(ConsoleLinks.replacing(path, parameters, name: "lang", value: other.code)))\">\(HTMLText.escape(other.name))</a>"
        }.joined(separator: " ")
        return """
            <!DOCTYPE html>
            <html lang="\(language.code)"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(HTMLText.escape(title)) · \(HTMLText.escape(language.text("site.name")))</title>
            <style>\(Self.style)</style></head><body>
            <a class="skip" href="#main">\(HTMLText.escape(language.text("nav.skip")))</a>
            <header><a class="brand" href="\(HTMLText.escape(links.href("/")))">\(HTMLText.escape(language.text("site.name")))</a>
            <nav aria-label="\(HTMLText.escape(language.text("nav.label")))"><ul>\(nav)</ul></nav>
            <div class="langs" role="group" aria-label="\(HTMLText.escape(language.text("nav.language")))">\(switches)</div></header>
            <main id="main">
            \(content)
            </main>
            <footer>\(HTMLText.escape(language.text("site.footer")))</footer>
            </body></html>

            """
    }

    /// A page model as a document.
    func render(_ model: PageModel) -> String {
        var html = "<h1>\(HTMLText.escape(model.title))</h1>\n"
        for line in model.lead { html += "<p>\(HTMLText.escape(line))</p>\n" }
        if let form = model.form { html += form + "\n" }
        let formats = ["json", "csv"].map { format in
            "<a href=\"\(HTMLText.escape(ConsoleLinks.replacing(path, parameters, name: "format", value: format)))\">\(language.text("format.\(format)"))</a>"
        }.joined(separator: " · ")
        html += "<p class=\"formats\">\(HTMLText.escape(language.text("format.also"))) \(formats)</p>\n"
        for section in model.sections { html += render(section) }
        return document(title: model.title, current: model.page, content: html)
    }

    func render(_ section: PageSection) -> String {
        var html = "<section id=\"\(section.id)\" aria-labelledby=\"h-\(section.id)\"><h2 id=\"h-\(section.id)\">\(HTMLText.escape(language.text(section.heading)))</h2>\n"
        for note in section.notes { html += "<p>\(HTMLText.escape(note))</p>\n" }
        if !section.facts.isEmpty {
            html += "<dl>"
            for fact in section.facts {
                html += "<dt>\(HTMLText.escape(language.text(fact.label)))</dt><dd>\(cell(fact.value, kind: fact.kind))</dd>"
            }
            html += "</dl>\n"
        }
        if let drawing = section.drawing { html += "<div class=\"chart\">\(drawing)</div>\n" }
        if let table = section.table {
            if table.rows.isEmpty {
                html += "<p>\(HTMLText.escape(emptyLine(section)))</p>\n"
            } else {
                html += "<table><caption>\(HTMLText.escape(pagingLine(section, count: table.rows.count)))</caption><thead><tr>"
                for column in table.columns { html += "<th scope=\"col\">\(HTMLText.escape(language.text(column.label)))</th>" }
                html += "</tr></thead><tbody>\n"
                for row in table.rows {
                    html += "<tr>"
                    for column in table.columns {
                        var content = cell(row[column.key] ?? .null, kind: column.kind)
                        if let href = column.link?(row) { content = "<a href=\"\(HTMLText.escape(href))\">\(content)</a>" }
                        html += "<td>\(content)</td>"
                    }
                    html += "</tr>\n"
                }
                html += "</tbody></table>\n"
            }
            if let next = section.nextLink {
                html += "<p class=\"paging\"><a href=\"\(HTMLText.escape(next))\">\(HTMLText.escape(language.text("paging.next")))</a></p>\n"
            }
        }
        return html + "</section>\n"
    }

    /// "1 row", "3 rows" or "rows 1–50 of 120 (70 more)".
    func pagingLine(_ section: PageSection, count: Int) -> String {
        guard let total = section.total, !(section.offset == 0 && count >= total) else {
            return language.text("paging.all", count: count)
        }
        let remaining = max(0, total - section.offset - count)
        return language.text(
            "paging.slice", format.number(section.offset + 1), format.number(section.offset + count), format.number(total),
            format.number(remaining))
    }

    /// "Nothing to show.", or, when the offset is past the end of a list that has rows, how many it has.
    func emptyLine(_ section: PageSection) -> String {
        guard let total = section.total, total > 0, section.offset > 0 else { return language.text("table.empty") }
        return language.text("paging.past-end", count: total, format.number(section.offset + 1))
    }

    /// One value written for people.
    func cell(_ value: JSON, kind: DataTable.Kind) -> String {
        switch value {
        case .null: return "–"
        case .array(let items):
            return items.map { cell($0, kind: kind == .list ? .text : kind) }.joined(separator: ", ")
        case .bool(let flag):
            return HTMLText.escape(language.text(flag ? "value.yes" : "value.no"))
        case .number(let text):
            if let integer = Int(text), kind != .code { return format.number(integer) }
            return HTMLText.escape(text)
        case .string(let text):
            switch kind {
            case .code: return "<code>\(HTMLText.escape(text))</code>"
            case .day: return HTMLText.escape(format.day(text))
            case .time: return "<time datetime=\"\(HTMLText.escape(text))\">\(HTMLText.escape(format.time(text)))</time>"
            case .label:
                let key = "value.\(text)"
                return HTMLText.escape(language.catalogue[key] ?? text)
            default: return HTMLText.escape(text)
            }
        case .object:
            return HTMLText.escape(value.canonicalText)
        }
    }
}
