public import SuiviDomain

/// What `suivi report status` prints: the mandated report, its deferrals and waivers.
public enum ReportStatusReport {
    public static func json(_ reports: [JSON]) -> String { JSON.array(reports).prettyText() }

    public static func text(_ reports: [JSON]) -> String {
        func value(_ object: JSON, _ key: String) -> String? {
            switch object[key] {
            case .string(let text)?: text
            case .number(let text)?: text
            case .array(let items)?: items.compactMap(\.stringValue).joined(separator: ", ")
            default: nil
            }
        }
        var blocks: [String] = []
        for report in reports {
            var lines: [String] = []
            let fields: [(String, String)] = [
                ("Report", "reportId"), ("Title", "title"), ("Resolution", "resolution"), ("Status", "status"),
                ("Mandated for", "mandatedSession"), ("Due session", "dueSession"), ("Lead office", "leadOffice"),
                ("Document", "documentSymbol"), ("Draws on", "drawsOn"), ("Waived", "waivedAtSubmission"),
                ("Submitted at", "submittedAt"), ("Presented at", "presentedAt"), ("Presented by", "presentedBy"),
            ]
            for (label, key) in fields {
                if let text = value(report, key), !text.isEmpty { lines.append(label.padding(to: 14) + text) }
            }
            let deferrals = report["deferrals"]?.arrayValue ?? []
            lines.append(deferrals.isEmpty ? "Deferrals     none" : "Deferrals")
            for deferral in deferrals {
                lines.append(
                    "  session \(value(deferral, "fromSession") ?? "?") -> \(value(deferral, "toSession") ?? "?") at \(value(deferral, "occurredAt") ?? "?"): \(value(deferral, "reason") ?? "")"
                )
            }
            let waivers = report["waivers"]?.arrayValue ?? []
            lines.append(waivers.isEmpty ? "Waivers       none" : "Waivers")
            for waiver in waivers {
                lines.append(
                    "  \(value(waiver, "consultationId") ?? "?") at \(value(waiver, "occurredAt") ?? "?"): \(value(waiver, "reason") ?? "")"
                )
            }
            blocks.append(lines.joined(separator: "\n"))
        }
        return blocks.isEmpty ? "no mandated report" : blocks.joined(separator: "\n\n")
    }
}
