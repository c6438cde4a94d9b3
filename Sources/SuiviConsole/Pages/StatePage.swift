internal import SuiviDomain
internal import SuiviStore

/// One State (`/states/XXX`): its cases, its consents as windows on a timeline, its decisions and
/// activities, filtered by period; or, with `asof`, its cases as they stood then, by recording time
/// ("as the system knew it") or by occurrence time ("as things stood").
struct StatePage {
    let language: Language
    let state: String
    let parameters: [(String, String)]

    var links: ConsoleLinks { ConsoleLinks(language: language) }
    var path: String { "/states/\(ConsoleLinks.encode(state))" }

    var form: String {
        FilterForm(language: language, action: path, parameters: parameters).render([
            .date("from", "form.from"), .date("to", "form.to"), .date("asof", "form.asof"),
            .choice("by", "form.by", [("recorded", "form.by-recorded"), ("occurred", "form.by-occurred")]),
        ])
    }

    func caseLink() -> @Sendable (JSON.Members) -> String? {
        let links = links
        return { row in row["caseId"]?.stringValue.map(links.caseReport) }
    }

    func next(_ paged: Paged<JSON>) -> String? {
        paged.remaining > 0 ? ConsoleLinks.replacing(path, parameters, name: "offset", value: String(paged.offset + paged.items.count)) : nil
    }

    func model(_ detail: StateDetailQueries.Detail) -> PageModel {
        let caseLink = caseLink()
        let format = LocalFormat(language: language)
        var lead = [language.text("state.lead")]
        if let from = detail.period.from { lead.append(language.text("state.from", format.day(from.description))) }
        if let to = detail.period.to { lead.append(language.text("state.to", format.day(to.description))) }
        let sections = [
            PageSection(
                id: "cases", heading: "state.cases",
                table: DataTable(columns: [
                    .init(key: "caseId", label: "col.case", kind: .code, link: caseLink),
                    .init(key: "status", label: "col.status", kind: .label),
                    .init(key: "provider", label: "col.provider", kind: .label),
                    .init(key: "purpose", label: "col.purpose", kind: .label),
                    .init(key: "requestedAt", label: "col.requested-at", kind: .time),
                    .init(key: "currentConsentId", label: "col.current-consent", kind: .code),
                    .init(key: "lastEventAt", label: "col.last-event", kind: .time),
                ], rows: detail.cases.items.compactMap(\.objectValue)),
                total: detail.cases.total, offset: detail.cases.offset, nextLink: next(detail.cases)),
            PageSection(
                id: "consents", heading: "state.consents",
                table: DataTable(columns: [
                    .init(key: "consentId", label: "col.consent", kind: .code),
                    .init(key: "caseId", label: "col.case", kind: .code, link: caseLink),
                    .init(key: "grantedByName", label: "col.granted-by"),
                    .init(key: "instrumentReference", label: "col.instrument"),
                    .init(key: "validFromAt", label: "col.valid-from", kind: .time),
                    .init(key: "validUntilAt", label: "col.valid-until", kind: .time),
                    .init(key: "activityKinds", label: "col.activity-kinds", kind: .list),
                    .init(key: "providers", label: "col.providers", kind: .list),
                    .init(key: "amendments", label: "col.amendments", kind: .number),
                    .init(key: "withdrawn", label: "col.withdrawn", kind: .yesNo),
                    .init(key: "withdrawnAt", label: "col.withdrawn-at", kind: .time),
                ], rows: detail.consents.items.compactMap(\.objectValue)),
                total: detail.consents.total, offset: detail.consents.offset,
                drawing: ConsentWindowsDrawing(language: language, consents: detail.consents.items.compactMap(\.objectValue)).svg,
                nextLink: next(detail.consents)),
            PageSection(
                id: "decisions", heading: "state.decisions",
                table: DataTable(columns: [
                    .init(key: "occurredAt", label: "col.occurred-at", kind: .time),
                    .init(key: "caseId", label: "col.case", kind: .code, link: caseLink),
                    .init(key: "outcome", label: "col.outcome", kind: .label),
                    .init(key: "decidedByName", label: "col.decided-by"),
                    .init(key: "activityKinds", label: "col.activity-kinds", kind: .list),
                    .init(key: "consentId", label: "col.consent-relied-on", kind: .code),
                    .init(key: "reason", label: "col.reason"),
                    .init(key: "recordedAt", label: "col.recorded-at", kind: .time),
                ], rows: detail.decisions.items.compactMap(\.objectValue)),
                total: detail.decisions.total, offset: detail.decisions.offset, nextLink: next(detail.decisions)),
            PageSection(
                id: "activities", heading: "state.activities",
                table: DataTable(columns: [
                    .init(key: "activityId", label: "col.activity", kind: .code),
                    .init(key: "caseId", label: "col.case", kind: .code, link: caseLink),
                    .init(key: "kind", label: "col.kind", kind: .label),
                    .init(key: "title", label: "col.title"),
                    .init(key: "startDate", label: "col.start", kind: .day),
                    .init(key: "endDate", label: "col.end", kind: .day),
                    .init(key: "provider", label: "col.provider", kind: .label),
                    .init(key: "consentId", label: "col.consent-relied-on", kind: .code),
                    .init(key: "corrects", label: "col.corrects", kind: .code),
                ], rows: detail.activities.items.compactMap(\.objectValue)),
                total: detail.activities.total, offset: detail.activities.offset, nextLink: next(detail.activities)),
        ]
        return PageModel(
            page: "states", title: language.text("state.title", state), lead: lead, sections: sections,
            meta: ["state": .string(state), "from": detail.json["from"] ?? .null, "to": detail.json["to"] ?? .null], form: form)
    }

    /// The State as of a moment: each case folded from the event store.
    func model(_ asOf: StateAsOf) -> PageModel {
        let caseLink = caseLink()
        let format = LocalFormat(language: language)
        var cases: [JSON.Members] = []
        var consents: [JSON.Members] = []
        var activities: [JSON.Members] = []
        for folded in asOf.cases.items {
            let json = folded.json
            let caseID = JSON.string(folded.caseID)
            cases.append([
                "caseId": caseID, "existed": .bool(folded.existed), "status": json["status"] ?? .null,
                "version": json["version"] ?? .null, "lastRecordedAt": json["lastRecordedAt"] ?? .null,
                "approvals": .int(json["approvals"]?.arrayValue?.count ?? 0),
                "activities": .int(json["activities"]?.arrayValue?.count ?? 0),
            ])
            for consent in (json["consents"]?.arrayValue ?? []).compactMap(\.objectValue) {
                var row = consent
                row["caseId"] = caseID
                row["validFrom"] = consent["scope"]?["validFrom"] ?? .null
                row["validUntil"] = consent["scope"]?["validUntil"] ?? .null
                row["scope"] = nil
                row["grantedBy"] = consent["grantedBy"]?["name"] ?? .null
                consents.append(row)
            }
            for activity in (json["activities"]?.arrayValue ?? []).compactMap(\.objectValue) {
                var row = activity
                row["caseId"] = caseID
                activities.append(row)
            }
        }
        let basisLabel = language.text(asOf.basis == .recorded ? "form.by-recorded" : "form.by-occurred")
        var casesSection = PageSection(
            id: "cases", heading: "state.asof-cases",
            table: DataTable(columns: [
                .init(key: "caseId", label: "col.case", kind: .code, link: caseLink),
                .init(key: "existed", label: "col.existed", kind: .yesNo),
                .init(key: "status", label: "col.status", kind: .label),
                .init(key: "version", label: "col.version", kind: .number),
                .init(key: "approvals", label: "col.approvals", kind: .number),
                .init(key: "activities", label: "col.activities", kind: .number),
                .init(key: "lastRecordedAt", label: "col.recorded-at", kind: .time),
            ], rows: cases),
            total: asOf.cases.total, offset: asOf.cases.offset)
        if asOf.cases.remaining > 0 {
            casesSection.nextLink = ConsoleLinks.replacing(
                path, parameters, name: "offset", value: String(asOf.cases.offset + asOf.cases.items.count))
        }
        let sections = [
            casesSection,
            PageSection(
                id: "consents", heading: "state.asof-consents",
                table: DataTable(columns: [
                    .init(key: "consentId", label: "col.consent", kind: .code),
                    .init(key: "caseId", label: "col.case", kind: .code, link: caseLink),
                    .init(key: "grantedBy", label: "col.granted-by"),
                    .init(key: "validFrom", label: "col.valid-from", kind: .time),
                    .init(key: "validUntil", label: "col.valid-until", kind: .time),
                    .init(key: "amendments", label: "col.amendments", kind: .number),
                    .init(key: "withdrawn", label: "col.withdrawn", kind: .yesNo),
                    .init(key: "validAtThatTime", label: "col.valid-then", kind: .yesNo),
                ], rows: consents)),
            PageSection(
                id: "activities", heading: "state.asof-activities",
                table: DataTable(columns: [
                    .init(key: "activityId", label: "col.activity", kind: .code),
                    .init(key: "caseId", label: "col.case", kind: .code, link: caseLink),
                    .init(key: "kind", label: "col.kind", kind: .label),
                    .init(key: "title", label: "col.title"),
                    .init(key: "startDate", label: "col.start", kind: .day),
                    .init(key: "endDate", label: "col.end", kind: .day),
                    .init(key: "consentId", label: "col.consent-relied-on", kind: .code),
                    .init(key: "corrects", label: "col.corrects", kind: .code),
                ], rows: activities)),
        ]
        return PageModel(
            page: "states", title: language.text("state.title-asof", state, format.time(asOf.asOf.rfc3339)),
            lead: [language.text("state.asof-lead", basisLabel)], sections: sections,
            meta: ["state": .string(state), "asOf": .string(asOf.asOf.rfc3339), "comparedWith": .string(asOf.basis.field)],
            form: form)
    }
}
