internal import SuiviDomain

/// Search (`/search?q=`): ids starting with the text, by case, command, consent, activity, consultation
/// or report, each linked to where it is shown.
struct SearchPage {
    let language: Language

    func model(query: String?, hits: [JSON], parameters: [(String, String)]) -> PageModel {
        let links = ConsoleLinks(language: language)
        let form = FilterForm(language: language, action: "/search", parameters: parameters)
            .render([.text("q", "form.search", pattern: "[A-Za-z0-9][A-Za-z0-9._:\\-]*")])
        var sections: [PageSection] = []
        if let query {
            sections.append(PageSection(
                id: "results", heading: "search.results",
                table: DataTable(columns: [
                    .init(key: "kind", label: "col.kind", kind: .label),
                    .init(key: "id", label: "col.id", kind: .code, link: { row in
                        if let caseID = row["caseId"]?.stringValue { return links.caseReport(caseID) }
                        return links.href("/") + "#" + (row["kind"]?.stringValue == "report" ? "report" : "consultations")
                    }),
                    .init(key: "streamId", label: "col.stream", kind: .code),
                    .init(key: "detail", label: "col.detail"),
                ], rows: hits.compactMap(\.objectValue)),
                notes: [language.text("search.for", query)]))
        }
        return PageModel(
            page: "search", title: language.text("search.title"), lead: [language.text("search.lead")], sections: sections,
            meta: ["q": query.map { .string($0) } ?? .null], form: form)
    }
}
