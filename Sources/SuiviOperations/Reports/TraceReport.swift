internal import SuiviDomain
public import SuiviStore

/// What `suivi audit trace` prints: each decision and activity, the consent relied on, and why it covered it.
public enum TraceReport {
    public static func json(_ trace: CaseTrace) -> String { trace.json.prettyText() }

    public static func text(_ trace: CaseTrace) -> String {
        if trace.entries.isEmpty { return "case \(trace.caseID): no decisions or activities" }
        var lines = ["case \(trace.caseID) (\(trace.state)): \(trace.entries.count) decisions and activities"]
        for entry in trace.entries {
            lines.append("")
            lines.append(
                "v\(entry.version)  \(entry.occurredAt.rfc3339)  \(entry.label)  [\(entry.covered ? "covered" : "NOT COVERED")]"
            )
            lines.append(
                "    by \(entry.actor) (\(entry.actorRole))" + (entry.onBehalfOf.map { " on behalf of \($0)" } ?? "")
                    + (entry.decidedBy.map { "; decided by \($0)" } ?? ""))
            if let reason = entry.reason {
                lines.append("    \(entry.kind == "activity" ? "title" : "why"): \(reason)")
            }
            if let consent = entry.consent {
                lines.append(
                    "    relied on consent \(consent.consentID): \(consent.scope.validFrom)..\(consent.scope.validUntil), amendments \(consent.amendments)"
                )
            }
            for check in entry.checks {
                lines.append("      \(check.holds ? "✓" : "✗") \(check.rule): \(check.detail)")
            }
        }
        return lines.joined(separator: "\n")
    }
}
