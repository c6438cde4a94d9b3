internal import SuiviDomain
internal import SuiviStore

/// Every State (`/states`): cases by status, consents in force, decisions and activities, filtered by
/// State and period, paged.
struct StatesPage {
    let language: Language

    func model(_ overview: Paged<JSON>, filter: StateQueries.Filter, parameters: [(String, String)]) -> PageModel {
        let links = ConsoleLinks(language: language)
        var section = PageSection(
            id: "states", heading: "states.table",
            table: DataTable(columns: [
                .init(key: "state", label: "col.state", kind: .code, link: { row in row["state"]?.stringValue.map(links.state) }),
                .init(key: "cases", label: "col.cases", kind: .number),
                .init(key: "requested", label: "value.requested", kind: .number),
                .init(key: "consented", label: "value.consented", kind: .number),
                .init(key: "active", label: "value.active", kind: .number),
                .init(key: "suspended", label: "value.suspended", kind: .number),
                .init(key: "declined", label: "value.declined", kind: .number),
                .init(key: "closed", label: "value.closed", kind: .number),
                .init(key: "consentsInForce", label: "col.consents-in-force", kind: .number),
                .init(key: "decisions", label: "col.decisions", kind: .number),
                .init(key: "activities", label: "col.activities", kind: .number),
                .init(key: "lastActivityOn", label: "col.last-activity", kind: .day),
            ], rows: overview.items.compactMap(\.objectValue)),
            total: overview.total, offset: overview.offset)
        if overview.remaining > 0 {
            section.nextLink = ConsoleLinks.replacing("/states", parameters, name: "offset", value: String(overview.offset + overview.items.count))
        }
        let form = FilterForm(language: language, action: "/states", parameters: parameters)
            .render([.text("state", "form.state", pattern: "[A-Z]{3}"), .date("from", "form.from"), .date("to", "form.to")])
        return PageModel(
            page: "states", title: language.text("states.title"), lead: [language.text("states.lead")], sections: [section],
            meta: [
                "state": filter.state.map { .string($0) } ?? .null,
                "from": filter.period.from.map { .string($0.description) } ?? .null,
                "to": filter.period.to.map { .string($0.description) } ?? .null,
            ],
            form: form)
    }
}
