public import SuiviDomain

/// What `suivi states` prints: the per-State overview.
public enum StatesReport {
    public static func json(_ states: [JSON]) -> String { JSON.array(states).prettyText() }

    public static func text(_ states: [JSON]) -> String {
        if states.isEmpty { return "no cases" }
        func cell(_ object: JSON, _ key: String) -> String {
            switch object[key] {
            case .string(let text)?: text
            case .number(let text)?: text
            default: "-"
            }
        }
        let columns = [
            "state", "cases", "requested", "consented", "active", "suspended", "declined", "closed", "activeConsents",
            "activities", "lastActivityOn",
        ]
        let table = TextTable(
            headers: [
                "STATE", "CASES", "REQUESTED", "CONSENTED", "ACTIVE", "SUSPENDED", "DECLINED", "CLOSED",
                "CONSENTS IN FORCE", "ACTIVITIES", "LAST ACTIVITY",
            ],
            rows: states.map { state in columns.map { cell(state, $0) } })
        return table.rendered
    }

    /// The filtered overview (`suivi states --from/--to`): consents in force then, decisions and activities in the period.
    public static func filteredText(_ states: [JSON]) -> String {
        if states.isEmpty { return "no cases" }
        func cell(_ object: JSON, _ key: String) -> String {
            switch object[key] {
            case .string(let text)?: text
            case .number(let text)?: text
            default: "-"
            }
        }
        let columns = [
            "state", "cases", "requested", "consented", "active", "suspended", "declined", "closed", "consentsInForce",
            "decisions", "activities", "lastActivityOn",
        ]
        return TextTable(
            headers: [
                "STATE", "CASES", "REQUESTED", "CONSENTED", "ACTIVE", "SUSPENDED", "DECLINED", "CLOSED", "CONSENTS IN FORCE",
                "DECISIONS", "ACTIVITIES", "LAST ACTIVITY",
            ],
            rows: states.map { state in columns.map { cell(state, $0) } }
        ).rendered
    }
}
