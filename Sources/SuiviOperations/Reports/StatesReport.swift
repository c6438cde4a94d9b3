public import SuiviDomain

/// What `suivi states` prints: the per-State overview.
public enum StatesReport {
    public static func json(_ states: [JSON]) -> String { JSON.array(states).prettyText() }

    public static func text(_ states: [JSON]) -> String {
        table(states, columns: [
            ("state", "STATE"), ("cases", "CASES"), ("requested", "REQUESTED"), ("consented", "CONSENTED"),
            ("active", "ACTIVE"), ("suspended", "SUSPENDED"), ("declined", "DECLINED"), ("closed", "CLOSED"),
            ("activeConsents", "CONSENTS IN FORCE"), ("activities", "ACTIVITIES"), ("lastActivityOn", "LAST ACTIVITY"),
        ])
    }

    /// The filtered overview (`suivi states --from/--to`): consents in force then, decisions and activities in the period.
    public static func filteredText(_ states: [JSON]) -> String {
        table(states, columns: [
            ("state", "STATE"), ("cases", "CASES"), ("requested", "REQUESTED"), ("consented", "CONSENTED"),
            ("active", "ACTIVE"), ("suspended", "SUSPENDED"), ("declined", "DECLINED"), ("closed", "CLOSED"),
            ("consentsInForce", "CONSENTS IN FORCE"), ("decisions", "DECISIONS"), ("activities", "ACTIVITIES"),
            ("lastActivityOn", "LAST ACTIVITY"),
        ])
    }

    /// The States as a table of the given members (JSON key, column header); "-" where a State has none.
    private static func table(_ states: [JSON], columns: [(key: String, header: String)]) -> String {
        if states.isEmpty { return "no cases" }
        func cell(_ object: JSON, _ key: String) -> String {
            switch object[key] {
            case .string(let text)?: text
            case .number(let text)?: text
            default: "-"
            }
        }
        return TextTable(
            headers: columns.map(\.header), rows: states.map { state in columns.map { cell(state, $0.key) } }
        ).rendered
    }
}
