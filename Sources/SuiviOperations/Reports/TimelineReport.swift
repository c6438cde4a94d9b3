internal import SuiviDomain
public import SuiviStore

/// What `suivi case timeline` prints.
public enum TimelineReport {
    public static func json(_ timeline: CaseTimeline) -> String { timeline.json.prettyText() }

    /// One line per command: when, which, accepted or rejected, and the events or the reason codes.
    public static func text(_ timeline: CaseTimeline) -> String {
        let rows = timeline.entries.map { entry -> [String] in
            let detail =
                entry.status == .rejected
                ? entry.reasons.map(\.code.rawValue).joined(separator: ", ")
                : entry.events.map { event in
                    event.event.typeName + (event.metadata.consentID.map { " (consent \($0))" } ?? "")
                }.joined(separator: ", ")
            return [
                entry.occurredAt?.rfc3339 ?? "-", entry.commandID, entry.commandType,
                entry.status.rawValue.uppercased(),
                detail,
            ]
        }
        let rejected = timeline.entries.filter { $0.status == .rejected }.count
        return TextTable(headers: ["TIME", "COMMAND", "TYPE", "OUTCOME", "EVENTS / REASONS"], rows: rows).rendered
            + "\n\(timeline.entries.count) commands, \(rejected) rejected"
    }
}
