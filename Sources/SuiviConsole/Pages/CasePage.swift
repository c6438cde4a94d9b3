internal import SuiviApp
internal import SuiviOperations
internal import SuiviDomain
internal import SuiviStore

/// One case (`/cases/ID`): the audit report (``CaseHTMLReport``) rendered live from the event store,
/// inside the console's layout; as data, its commands and outcomes and its events.
struct CasePage {
    let language: Language
    let caseID: String

    func model(_ input: CaseHTMLReport.Input) -> PageModel {
        let outcomes: [JSON.Members] = (input.timeline?.entries ?? []).map { entry in
            [
                "commandId": .string(entry.commandID), "commandType": .string(entry.commandType),
                "status": .string(entry.status.rawValue),
                "reasons": .array(entry.reasons.map { .string($0.code.rawValue) }),
                "occurredAt": entry.occurredAt.map { .string($0.rfc3339) } ?? .null,
                "recordedAt": .string(entry.recordedAt.rfc3339),
            ]
        }
        let events: [JSON.Members] = input.events.map { event in
            [
                "version": .int(event.version), "type": .string(event.event.typeName),
                "occurredAt": .string(event.metadata.occurredAt.rfc3339), "recordedAt": .string(event.metadata.recordedAt.rfc3339),
                "actor": .string(event.metadata.actor), "actorRole": .string(event.metadata.actorRole.rawValue),
                "onBehalfOf": event.metadata.onBehalfOf.map { .string($0) } ?? .null,
                "consentId": event.metadata.consentID.map { .string($0) } ?? .null,
                "commandId": .string(event.metadata.commandID), "eventId": .string(event.metadata.eventID),
            ]
        }
        return PageModel(
            page: "case", title: language.text("case.title", caseID), sections: [
                PageSection(id: "chain", heading: "case.chain", facts: [
                    ("col.verified", "verified", .bool(input.chain.verified), .yesNo),
                    ("col.summary", "summary", .string(input.chain.summary), .text),
                ]),
                PageSection(id: "outcomes", heading: "case.outcomes", table: DataTable(columns: [
                    .init(key: "commandId", label: "col.command", kind: .code),
                    .init(key: "commandType", label: "col.type"),
                    .init(key: "status", label: "col.outcome", kind: .label),
                    .init(key: "reasons", label: "col.reasons", kind: .list),
                    .init(key: "occurredAt", label: "col.occurred-at", kind: .time),
                    .init(key: "recordedAt", label: "col.recorded-at", kind: .time),
                ], rows: outcomes)),
                PageSection(id: "events", heading: "case.events", table: DataTable(columns: [
                    .init(key: "version", label: "col.version", kind: .number),
                    .init(key: "type", label: "col.type"),
                    .init(key: "occurredAt", label: "col.occurred-at", kind: .time),
                    .init(key: "recordedAt", label: "col.recorded-at", kind: .time),
                    .init(key: "actor", label: "col.actor"),
                    .init(key: "consentId", label: "col.consent", kind: .code),
                    .init(key: "commandId", label: "col.command", kind: .code),
                ], rows: events)),
            ], meta: ["caseId": .string(caseID), "state": .string(input.trace.state)])
    }

    /// The HTML: the console's header and links around the report's own body.
    func html(_ input: CaseHTMLReport.Input, renderer: HTMLRenderer) -> String {
        let links = ConsoleLinks(language: language)
        let state = input.trace.state
        var content = "<style>\(CaseHTMLReport.style.replacingAll("body{", with: ".report{"))</style>"
        content += "<p>"
        if !state.isEmpty {
            content += "<a href=\"\(HTMLText.escape(links.state(state)))\">\(HTMLText.escape(language.text("case.back-to-state", state)))</a> · "
        }
        content += ["json", "csv"].map { format in
            "<a href=\"\(HTMLText.escape(ConsoleLinks.replacing(renderer.path, renderer.parameters, name: "format", value: format)))\">\(HTMLText.escape(language.text("format.\(format)")))</a>"
        }.joined(separator: " · ")
        content += "</p><p>\(HTMLText.escape(language.text("case.report-note")))</p>"
        content += "<div class=\"report\">\(CaseHTMLReport.body(input, labels: language.reportLabels))</div>"
        return renderer.document(title: language.text("case.title", caseID), current: "case", content: content)
    }
}
