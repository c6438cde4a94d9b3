internal import SuiviApp
internal import SuiviOperations
internal import SuiviDomain
internal import SuiviStore

/// Integrity (`/integrity`): the whole store's chain check with the time it was taken, and the check of
/// each case of the page's slice, run now.
struct IntegrityPage {
    let language: Language

    struct CaseCheck: Sendable {
        var caseID: String
        var state: String
        var events: Int
        var passed: Bool
        var failure: String?
        /// When its chain was checked (on an earlier view when nothing happened to it since).
        var checkedAt: Timestamp
    }

    func model(whole: IntegrityMonitor.Result, cases: Paged<CaseCheck>, parameters: [(String, String)]) -> PageModel {
        let links = ConsoleLinks(language: language)
        var facts: [(label: String, key: String, value: JSON, kind: DataTable.Kind)] = [
            ("col.checked-at", "checkedAt", .string(whole.checkedAt.rfc3339), .time),
            ("col.verified", "passed", .bool(whole.passed), .yesNo),
            ("col.events", "eventsChecked", .int(whole.eventsChecked), .number),
            ("col.streams", "streamsChecked", .int(whole.streamsChecked), .number),
        ]
        if let failure = whole.failure { facts.append(("col.first-failure", "firstFailure", .string(failure), .text)) }
        if let error = whole.error { facts.append(("col.error", "error", .string(error), .text)) }
        var perCase = PageSection(
            id: "cases", heading: "integrity.cases",
            table: DataTable(columns: [
                .init(key: "caseId", label: "col.case", kind: .code, link: { row in row["caseId"]?.stringValue.map(links.caseReport) }),
                .init(key: "state", label: "col.state", kind: .code),
                .init(key: "events", label: "col.events", kind: .number),
                .init(key: "passed", label: "col.verified", kind: .yesNo),
                .init(key: "failure", label: "col.first-failure"),
                .init(key: "checkedAt", label: "col.checked-at", kind: .time),
            ], rows: cases.items.map { check in
                [
                    "caseId": .string(check.caseID), "state": .string(check.state), "events": .int(check.events),
                    "passed": .bool(check.passed), "failure": check.failure.map { .string($0) } ?? .null,
                    "checkedAt": .string(check.checkedAt.rfc3339),
                ]
            }),
            total: cases.total, offset: cases.offset,
            notes: [language.text("integrity.cases-note")])
        if cases.remaining > 0 {
            perCase.nextLink = ConsoleLinks.replacing("/integrity", parameters, name: "offset", value: String(cases.offset + cases.items.count))
        }
        return PageModel(
            page: "integrity", title: language.text("integrity.title"), lead: [language.text("integrity.lead")],
            sections: [
                PageSection(id: "store", heading: "integrity.store", notes: [
                    language.text(whole.passed ? "integrity.store-ok" : "integrity.store-bad")
                ], facts: facts),
                perCase,
            ],
            form: "<p><a href=\"\(HTMLText.escape(links.href("/integrity", [("recheck", "1")])))\">\(HTMLText.escape(language.text("integrity.recheck")))</a></p>")
    }
}
