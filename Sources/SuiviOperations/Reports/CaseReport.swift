import SuiviApp
internal import SuiviDomain
public import SuiviStore

/// What `suivi case show` and `suivi cases list` print, as JSON for scripts or as text for people.
public enum CaseReport {
    /// `suivi case show ID --json`: the case object.
    public static func showJSON(_ row: CaseRow) -> String { row.json.prettyText() }

    /// `suivi case show ID`: one field per line.
    public static func showText(_ row: CaseRow) -> String {
        let fields: [(String, String?)] = [
            ("Case", row.caseID), ("State", row.state), ("Status", row.status), ("Provider", row.provider),
            ("Office", row.providerOffice), ("Purpose", row.purpose), ("Capacities", row.capacities.joined(separator: ", ")),
            ("Tracking tool", row.trackingTool), ("Request ref.", row.requestReference), ("Requested at", row.requestedAt.rfc3339),
            ("Requested by", row.requestedBy), ("Last event", row.lastEventAt.rfc3339), ("Version", String(row.version)),
            ("Description", row.description),
            ("Consent", row.currentConsentID.map { id in
                id + " (valid " + (row.currentConsentValidFrom?.rfc3339 ?? "?") + " .. " + (row.currentConsentValidUntil?.rfc3339 ?? "?") + ")"
            } ?? "none in force"),
            ("Declined", row.declinedAt.map { "\($0.rfc3339) by \(row.declinedBy ?? "?"): \(row.declinedReason ?? "")" }),
            ("Closed", row.closedAt.map { "\($0.rfc3339) (\(row.closure ?? "?"))" + (row.closureNote.map { ": \($0)" } ?? "") }),
        ]
        return fields.compactMap { name, value in value.map { name.padding(to: 14) + $0 } }.joined(separator: "\n")
    }

    /// `suivi cases list --json`: an array of case objects.
    public static func listJSON(_ rows: [CaseRow]) -> String { JSON.array(rows.map(\.json)).prettyText() }

    /// `suivi cases list`: a table.
    public static func listText(_ rows: [CaseRow]) -> String {
        if rows.isEmpty { return "no cases" }
        let table = TextTable(
            headers: ["CASE", "STATE", "STATUS", "PROVIDER", "PURPOSE", "REQUESTED"],
            rows: rows.map { [$0.caseID, $0.state, $0.status, $0.provider, $0.purpose, $0.requestedAt.rfc3339] })
        return table.rendered + "\n\(rows.count) case\(rows.count == 1 ? "" : "s")"
    }
}

extension String {
    func padding(to width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
