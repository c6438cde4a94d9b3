internal import SuiviDomain

/// The mandate (`/`): the five regional consultations, the report to the Council with its deferrals and
/// waivers, and the States assisted (links to each State).
struct MandatePage {
    let language: Language
    var links: ConsoleLinks { ConsoleLinks(language: language) }

    func model(regional: JSON, reports: [JSON], states: [JSON]) -> PageModel {
        let format = LocalFormat(language: language)
        let consultations = (regional["consultations"]?.arrayValue ?? []).compactMap(\.objectValue)
        let covered = regional["coverage"]?["covered"]?.intValue ?? 0
        let regions = regional["coverage"]?["regions"]?.intValue ?? 0
        var sections = [
            PageSection(
                id: "consultations", heading: "mandate.consultations",
                table: DataTable(columns: [
                    .init(key: "consultationId", label: "col.consultation", kind: .code),
                    .init(key: "region", label: "col.region", kind: .label),
                    .init(key: "status", label: "col.status", kind: .label),
                    .init(key: "plannedDate", label: "col.planned-date", kind: .day),
                    .init(key: "heldOn", label: "col.held-on", kind: .day),
                    .init(key: "venue", label: "col.venue"),
                    .init(key: "participantsStates", label: "col.participants-states", kind: .number),
                    .init(key: "participantsNhris", label: "col.participants-nhris", kind: .number),
                    .init(key: "participantsCivilSociety", label: "col.participants-civil-society", kind: .number),
                    .init(key: "participantsUnEntities", label: "col.participants-un", kind: .number),
                    .init(key: "participantsRegionalMechanisms", label: "col.participants-regional", kind: .number),
                    .init(key: "summaryReference", label: "col.summary"),
                    .init(key: "cancellationReason", label: "col.cancellation"),
                ], rows: consultations),
                notes: [language.text("mandate.coverage", format.number(covered), format.number(regions))])
        ]
        for report in reports {
            let id = report["reportId"]?.stringValue ?? "report"
            sections.append(PageSection(
                id: "report", heading: "mandate.report",
                facts: [
                    ("col.report", "reportId", report["reportId"] ?? .null, .code),
                    ("col.title", "title", report["title"] ?? .null, .text),
                    ("col.resolution", "resolution", report["resolution"] ?? .null, .code),
                    ("col.status", "status", report["status"] ?? .null, .label),
                    ("col.mandated-session", "mandatedSession", report["mandatedSession"] ?? .null, .number),
                    ("col.due-session", "dueSession", report["dueSession"] ?? .null, .number),
                    ("col.document", "documentSymbol", report["documentSymbol"] ?? .null, .code),
                    ("col.draws-on", "drawsOn", report["drawsOn"] ?? .null, .list),
                    ("col.waived", "waivedAtSubmission", report["waivedAtSubmission"] ?? .null, .list),
                    ("col.submitted-at", "submittedAt", report["submittedAt"] ?? .null, .time),
                    ("col.presented-at", "presentedAt", report["presentedAt"] ?? .null, .time),
                ]))
            sections.append(PageSection(
                id: "deferrals", heading: "mandate.deferrals",
                table: DataTable(columns: [
                    .init(key: "fromSession", label: "col.from-session", kind: .number),
                    .init(key: "toSession", label: "col.to-session", kind: .number),
                    .init(key: "reason", label: "col.reason"),
                    .init(key: "occurredAt", label: "col.occurred-at", kind: .time),
                ], rows: (report["deferrals"]?.arrayValue ?? []).compactMap(\.objectValue)),
                notes: [language.text("mandate.deferrals-of", id)]))
            sections.append(PageSection(
                id: "waivers", heading: "mandate.waivers",
                table: DataTable(columns: [
                    .init(key: "consultationId", label: "col.consultation", kind: .code),
                    .init(key: "reason", label: "col.reason"),
                    .init(key: "occurredAt", label: "col.occurred-at", kind: .time),
                ], rows: (report["waivers"]?.arrayValue ?? []).compactMap(\.objectValue))))
        }
        if reports.isEmpty {
            sections.append(PageSection(id: "report", heading: "mandate.report", notes: [language.text("mandate.no-report")]))
        }
        let links = links
        sections.append(PageSection(
            id: "states", heading: "mandate.states",
            table: DataTable(columns: [
                .init(key: "state", label: "col.state", kind: .code, link: { row in row["state"]?.stringValue.map(links.state) }),
                .init(key: "cases", label: "col.cases", kind: .number),
                .init(key: "active", label: "col.active", kind: .number),
                .init(key: "consentsInForce", label: "col.consents-in-force", kind: .number),
                .init(key: "activities", label: "col.activities", kind: .number),
            ], rows: states.compactMap(\.objectValue))))
        return PageModel(page: "mandate", title: language.text("mandate.title"), lead: [language.text("mandate.lead")], sections: sections)
    }
}
