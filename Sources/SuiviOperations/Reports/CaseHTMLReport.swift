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

    /// The page, every word of it from `labels`.
    public static func render(_ input: Input, labels: ReportLabels) -> String {
        """
        <!DOCTYPE html>
        <html lang="\(escape(labels.code))"><head><meta charset="utf-8">
        <title>\(escape(labels.text("document-title", input.caseID)))</title>
        <style>
        \(style)
        </style></head><body>
        \(body(input, labels: labels))</body></html>

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
    public static func body(_ input: Input, labels: ReportLabels) -> String {
        let svg = TimelineDrawing(input: input, labels: labels).svg
        let heading = labels.text("heading", input.caseID) + (input.trace.state.isEmpty ? "" : " · " + input.trace.state)
        let meta = labels.text(
            "meta", input.generatedAt.rfc3339, labels.count("events", input.events.count),
            labels.count("commands-decided", input.timeline?.entries.count ?? 0))
        var html = """
            <h1>\(escape(heading))</h1>
            <div class="meta">\(escape(meta))</div>
            <div class="chain \(input.chain.verified ? "ok" : "bad")">\(escape(chainLine(input.chain, labels: labels)))</div>
            <h2>\(escape(labels.text("timeline")))</h2>
            <div class="chart">\(svg)
            <div class="legend">\(legend(labels))</div></div>

            """
        html += outcomesTable(input, labels: labels)
        html += eventsTable(input, labels: labels)
        html += tracesTable(input, labels: labels)
        return html
    }

    /// "Hash chain verified: 10 events, head hash …" or the first bad event (its reason as the check wrote it).
    static func chainLine(_ chain: HashChainCheck, labels: ReportLabels) -> String {
        if let bad = chain.firstBad {
            return labels.text("chain-broken", labels.number(Int(bad.version)), bad.eventID, bad.reason)
        }
        return labels.count("chain-verified", chain.events, chain.headHash)
    }

    static func legend(_ labels: ReportLabels) -> String {
        var items = [
            "<span><span class=\"sw\" style=\"background:#9fb3c8\"></span>\(escape(labels.text("legend.consent")))</span>",
            "<span><span class=\"sw\" style=\"background:#102a43;transform:rotate(45deg)\"></span>\(escape(labels.text("legend.approval")))</span>",
            "<span><span class=\"sw\" style=\"background:#9aa5b1\"></span>\(escape(labels.text("legend.decline")))</span>",
        ]
        for kind in ActivityKind.allCases {
            items.append(
                "<span><span class=\"sw\" style=\"background:\(kindColours[kind] ?? "#333");border-radius:50%\"></span>\(escape(labels.value(kind.rawValue)))</span>"
            )
        }
        items.append("<span style=\"color:#c62828;font-weight:700\">\(escape(labels.text("legend.rejected")))</span>")
        return items.joined()
    }

    /// A table's header row, each label from `labels`.
    static func headerRow(_ keys: [String], labels: ReportLabels) -> String {
        "<tr>" + keys.map { "<th>\(escape(labels.text("col.\($0)")))</th>" }.joined() + "</tr>"
    }

    static func outcomesTable(_ input: Input, labels: ReportLabels) -> String {
        var rows = ""
        for entry in input.timeline?.entries ?? [] {
            let rejected = entry.status == .rejected
            let events = entry.events.map {
                "\(escape($0.event.typeName)) v\($0.version)"
                    + ($0.metadata.consentID.map { " · " + escape(labels.text("consent-ref", $0)) } ?? "")
            }
            let reasons = entry.reasons.map { "<b>\(escape($0.code.rawValue))</b>: \(escape($0.message))" }
            rows += """
                <tr class="\(rejected ? "rejected" : "")"><td class="t">\(escape(entry.occurredAt?.rfc3339 ?? "-"))</td><td class="c"><code>\(escape(entry.commandID))</code></td>\
                <td>\(escape(entry.commandType))</td><td class="\(rejected ? "rej" : "acc")">\(escape(labels.value(entry.status.rawValue)))</td>\
                <td>\((rejected ? reasons : events).joined(separator: "<br>"))</td><td class="t">\(escape(entry.recordedAt.rfc3339))</td></tr>

                """
        }
        return """
            <h2>\(escape(labels.text("outcomes")))</h2>
            <table>\(headerRow(["command-time", "command", "type", "outcome", "events-reasons", "recorded"], labels: labels))
            \(rows)</table>

            """
    }

    static func eventsTable(_ input: Input, labels: ReportLabels) -> String {
        var rows = ""
        for event in input.events {
            let meta = event.metadata
            rows += """
                <tr><td>\(event.version)</td><td>\(escape(event.event.typeName))</td><td class="t">\(escape(meta.occurredAt.rfc3339))</td>\
                <td class="t">\(escape(meta.recordedAt.rfc3339))</td><td>\(escape(meta.actor))<br><code>\(escape(meta.actorRole.rawValue))\
                \(meta.onBehalfOf.map { " " + escape(labels.text("on-behalf-of", $0)) } ?? "")</code></td><td class="c">\(escape(meta.consentID ?? ""))</td>\
                <td class="c"><code>\(escape(meta.commandID))</code></td><td><code>\(escape(meta.eventID))</code></td></tr>

                """
        }
        return """
            <h2>\(escape(labels.text("events-heading")))</h2>
            <table>\(headerRow(["version", "event", "occurred", "recorded", "actor", "consent", "command", "event-id"], labels: labels))
            \(rows)</table>

            """
    }

    static func tracesTable(_ input: Input, labels: ReportLabels) -> String {
        var rows = ""
        for entry in input.trace.entries {
            let checks = entry.checks.map { "\($0.holds ? "✓" : "✗") \(escape($0.rule)): \(escape($0.detail))" }
            rows += """
                <tr><td>\(entry.version)</td><td>\(escape(entry.label))</td><td>\(escape(entry.consentID ?? labels.text("none")))</td>\
                <td class="\(entry.covered ? "acc" : "rej")">\(escape(labels.text(entry.covered ? "covered" : "not-covered")))</td><td>\(checks.joined(separator: "<br>"))</td></tr>

                """
        }
        return """
            <h2>\(escape(labels.text("traces")))</h2>
            <table>\(headerRow(["version", "decision-activity", "consent-relied-on", "verdict", "checks"], labels: labels))
            \(rows)</table>

            """
    }

    /// Text safe inside HTML elements and attributes.
    static func escape(_ text: String) -> String { HTMLText.escape(text) }
}
