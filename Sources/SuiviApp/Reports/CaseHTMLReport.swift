public import SuiviDomain
public import SuiviStore

/// What `suivi audit report CASE --html FILE` writes: one self-contained HTML page (inline CSS and SVG,
/// no script, no external resource) with the case's timeline drawn, a table of every outcome and event,
/// and the result of checking the case's hash chain.
///
/// The drawing has one lane per consent: its validity as a bar (ended at a withdrawal, the rest dashed),
/// amendments as ticks, and on it the approvals and activities that relied on it, coloured by kind, each
/// with a tooltip naming the consent. Rejected commands are red crosses on the time axis with their
/// reason codes.
public enum CaseHTMLReport {
    /// Everything the page shows, loaded from the event store.
    public struct Input: Sendable {
        public var caseID: String
        public var events: [RecordedEvent]
        public var timeline: CaseTimeline?
        public var trace: CaseTrace
        public var chain: HashChainCheck
        public var generatedAt: Timestamp

        public init(
            caseID: String, events: [RecordedEvent], timeline: CaseTimeline?, trace: CaseTrace, chain: HashChainCheck,
            generatedAt: Timestamp
        ) {
            self.caseID = caseID
            self.events = events
            self.timeline = timeline
            self.trace = trace
            self.chain = chain
            self.generatedAt = generatedAt
        }
    }

    /// Colours of activity kinds (approvals are navy diamonds, declines grey).
    static let kindColours: [ActivityKind: String] = [
        .needsAssessment: "#1b9e77", .advisoryMission: "#d95f02", .training: "#7570b3", .toolDeployment: "#e7298a",
        .peerExchange: "#66a61e", .draftingSupport: "#a6761d",
    ]

    /// The page.
    public static func render(_ input: Input) -> String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8">
        <title>Suivi audit report: \(escape(input.caseID))</title>
        <style>
        \(style)
        </style></head><body>
        \(body(input))</body></html>

        """
    }

    /// The page's style sheet (also what the console embeds with ``body(_:)``).
    public static let style = """
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#1f2933;margin:24px 32px;background:#fafbfc}
        h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;color:#334e68}
        .meta{color:#52606d;margin-bottom:14px}
        .chain{display:inline-block;padding:8px 14px;border-radius:6px;font-weight:600;margin:6px 0 10px}
        .ok{background:#e3f9e5;color:#1d6a2c;border:1px solid #91d89c}.bad{background:#ffe3e3;color:#9b1c1c;border:1px solid #f29b9b}
        .chart{background:#fff;border:1px solid #d9e2ec;border-radius:8px;padding:10px}
        table{border-collapse:collapse;width:100%;background:#fff;font-size:12.5px}
        th,td{border-bottom:1px solid #e4e7eb;padding:5px 8px;text-align:left;vertical-align:top}
        th{background:#f0f4f8;color:#334e68;position:sticky;top:0}
        tr.rejected td{background:#fff5f5}td.rej{color:#c62828;font-weight:600}td.acc{color:#2f7d32;font-weight:600}
        td.t,td.c{white-space:nowrap}
        code{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;color:#486581}
        .legend span{display:inline-block;margin-right:14px;font-size:12px}
        .sw{display:inline-block;width:11px;height:11px;border-radius:2px;margin-right:4px;vertical-align:-1px}
        """

    /// The page's content without the document around it: heading, chain check, drawing and tables.
    public static func body(_ input: Input) -> String {
        let svg = TimelineDrawing(input: input).svg
        var html = """
            <h1>Case \(escape(input.caseID))\(input.trace.state.isEmpty ? "" : " · " + escape(input.trace.state))</h1>
            <div class="meta">Audit report generated \(escape(input.generatedAt.rfc3339)) from the event store ·
            \(input.events.count) events · \(input.timeline?.entries.count ?? 0) commands decided</div>
            <div class="chain \(input.chain.verified ? "ok" : "bad")">Hash chain \(escape(input.chain.summary))</div>
            <h2>Timeline</h2>
            <div class="chart">\(svg)
            <div class="legend">\(legend())</div></div>

            """
        html += outcomesTable(input)
        html += eventsTable(input)
        html += tracesTable(input)
        return html
    }

    static func legend() -> String {
        var items = [
            "<span><span class=\"sw\" style=\"background:#9fb3c8\"></span>consent validity</span>",
            "<span><span class=\"sw\" style=\"background:#102a43;transform:rotate(45deg)\"></span>approval</span>",
            "<span><span class=\"sw\" style=\"background:#9aa5b1\"></span>decline</span>",
        ]
        for kind in ActivityKind.allCases {
            items.append(
                "<span><span class=\"sw\" style=\"background:\(kindColours[kind] ?? "#333");border-radius:50%\"></span>\(kind.rawValue)</span>"
            )
        }
        items.append("<span style=\"color:#c62828;font-weight:700\">✕ rejected command (reason codes)</span>")
        return items.joined()
    }

    static func outcomesTable(_ input: Input) -> String {
        var rows = ""
        for entry in input.timeline?.entries ?? [] {
            let rejected = entry.status == .rejected
            let events = entry.events.map {
                "\(escape($0.event.typeName)) v\($0.version)"
                    + ($0.metadata.consentID.map { " · consent \(escape($0))" } ?? "")
            }
            let reasons = entry.reasons.map { "<b>\(escape($0.code.rawValue))</b>: \(escape($0.message))" }
            rows += """
                <tr class="\(rejected ? "rejected" : "")"><td class="t">\(escape(entry.occurredAt?.rfc3339 ?? "-"))</td><td class="c"><code>\(escape(entry.commandID))</code></td>\
                <td>\(escape(entry.commandType))</td><td class="\(rejected ? "rej" : "acc")">\(entry.status.rawValue)</td>\
                <td>\((rejected ? reasons : events).joined(separator: "<br>"))</td><td class="t">\(escape(entry.recordedAt.rfc3339))</td></tr>

                """
        }
        return """
            <h2>Commands and outcomes</h2>
            <table><tr><th>Command time</th><th>Command</th><th>Type</th><th>Outcome</th><th>Events / reasons</th><th>Recorded</th></tr>
            \(rows)</table>

            """
    }

    static func eventsTable(_ input: Input) -> String {
        var rows = ""
        for event in input.events {
            let meta = event.metadata
            rows += """
                <tr><td>\(event.version)</td><td>\(escape(event.event.typeName))</td><td class="t">\(escape(meta.occurredAt.rfc3339))</td>\
                <td class="t">\(escape(meta.recordedAt.rfc3339))</td><td>\(escape(meta.actor))<br><code>\(escape(meta.actorRole.rawValue))\
                \(meta.onBehalfOf.map { " for " + escape($0) } ?? "")</code></td><td class="c">\(escape(meta.consentID ?? ""))</td>\
                <td class="c"><code>\(escape(meta.commandID))</code></td><td><code>\(escape(meta.eventID))</code></td></tr>

                """
        }
        return """
            <h2>Events</h2>
            <table><tr><th>v</th><th>Event</th><th>Occurred</th><th>Recorded</th><th>Actor</th><th>Consent</th><th>Command</th><th>Event id</th></tr>
            \(rows)</table>

            """
    }

    static func tracesTable(_ input: Input) -> String {
        var rows = ""
        for entry in input.trace.entries {
            let checks = entry.checks.map { "\($0.holds ? "✓" : "✗") \(escape($0.rule)): \(escape($0.detail))" }
            rows += """
                <tr><td>\(entry.version)</td><td>\(escape(entry.label))</td><td>\(escape(entry.consentID ?? "none"))</td>\
                <td class="\(entry.covered ? "acc" : "rej")">\(entry.covered ? "covered" : "NOT covered")</td><td>\(checks.joined(separator: "<br>"))</td></tr>

                """
        }
        return """
            <h2>Why each decision and activity was covered</h2>
            <table><tr><th>v</th><th>Decision / activity</th><th>Consent relied on</th><th>Verdict</th><th>Checks</th></tr>
            \(rows)</table>

            """
    }

    /// Text safe inside HTML elements and attributes.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
