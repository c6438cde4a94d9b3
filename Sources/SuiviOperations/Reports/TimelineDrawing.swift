internal import SuiviDomain
internal import SuiviStore

/// The SVG timeline of ``CaseHTMLReport``: lanes for the case and for each consent, marks for what
/// relied on each consent, red crosses for rejected commands.
struct TimelineDrawing {
    let input: CaseHTMLReport.Input
    let labels: ReportLabels

    /// A consent's life as its events tell it.
    struct ConsentLane {
        var id: String
        var given: RecordedEvent
        var grantedBy: Authority
        var instrument: ConsentInstrument
        var scope: ConsentScope
        var amendments: [RecordedEvent] = []
        var withdrawal: RecordedEvent?
    }

    let width = 1300.0
    let left = 250.0
    let right = 40.0
    let laneHeight = 66.0
    let top = 30.0

    var consents: [ConsentLane] {
        var lanes: [ConsentLane] = []
        for recorded in input.events {
            switch recorded.event {
            case .consentGiven(let given):
                lanes.append(
                    ConsentLane(
                        id: given.consent.consentID, given: recorded, grantedBy: given.consent.grantedBy,
                        instrument: given.consent.instrument, scope: given.consent.scope))
            case .consentAmended(let amended):
                if let index = lanes.firstIndex(where: { $0.id == amended.amendment.consentID }) {
                    lanes[index].amendments.append(recorded)
                    lanes[index].scope = amended.amendment.scope
                }
            case .consentWithdrawn(let withdrawn):
                if let index = lanes.firstIndex(where: { $0.id == withdrawn.withdrawal.consentID }) {
                    lanes[index].withdrawal = recorded
                }
            default:
                break
            }
        }
        return lanes
    }

    var rejected: [CaseTimeline.Entry] {
        (input.timeline?.entries ?? []).filter { $0.status == .rejected && $0.occurredAt != nil }
    }

    /// The period drawn: every event, every validity, every rejected command, with a margin.
    var range: (Int64, Int64) {
        var times = input.events.map(\.metadata.occurredAt.microseconds)
        for lane in consents {
            times += [lane.scope.validFrom.opening.microseconds, lane.scope.validUntil.closing.microseconds]
        }
        times += rejected.compactMap { $0.occurredAt?.microseconds }
        guard let low = times.min(), let high = times.max() else { return (0, 86_400_000_000) }
        let pad = max((high - low) / 40, 86_400_000_000)
        return (low - pad, high + pad)
    }

    func x(_ time: Timestamp) -> Double {
        let (low, high) = range
        return left + (width - left - right) * Double(time.microseconds - low) / Double(high - low)
    }

    var svg: String {
        let lanes = consents
        let declines = input.trace.entries.filter { $0.kind == "decline" }
        let laneCount = 1 + lanes.count + (declines.isEmpty ? 0 : 1)
        let axisY = top + Double(laneCount) * laneHeight + 8
        let height = axisY + 96
        var out = """
            <svg viewBox="0 0 \(Int(width)) \(Int(height))" width="100%" \
            font-family="system-ui,-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif" font-size="12" role="img" \
            aria-label="\(CaseHTMLReport.escape(labels.text("timeline-of", input.caseID)))">

            """
        out += axis(y: axisY, bottom: axisY, top: top - 14)
        // Lane backgrounds and names.
        var names = [labels.text("lane.case")] + lanes.map(\.id)
        if !declines.isEmpty { names.append(labels.text("lane.declines")) }
        for (index, name) in names.enumerated() {
            let y = top + Double(index) * laneHeight
            if index % 2 == 1 {
                out +=
                    "<rect x=\"0\" y=\"\(f(y))\" width=\"\(Int(width))\" height=\"\(f(laneHeight))\" fill=\"#f5f7fa\"/>\n"
            }
            let lane = index >= 1 && index <= lanes.count ? lanes[index - 1] : nil
            let nameY = lane == nil ? y + laneHeight / 2 + 4 : y + laneHeight / 2 - 6
            out +=
                "<text x=\"12\" y=\"\(f(nameY))\" font-weight=\"600\" fill=\"#334e68\">\(CaseHTMLReport.escape(name))</text>\n"
            if let lane {
                let detail = "\(lane.instrument.kind.rawValue) \(lane.instrument.reference)"
                let period = labels.text("lane.valid", lane.scope.validFrom.description, lane.scope.validUntil.description)
                out +=
                    "<text x=\"12\" y=\"\(f(nameY + 14))\" font-size=\"10\" fill=\"#627d98\">\(CaseHTMLReport.escape(detail))</text>\n"
                out +=
                    "<text x=\"12\" y=\"\(f(nameY + 27))\" font-size=\"10\" fill=\"#627d98\">\(CaseHTMLReport.escape(period))</text>\n"
            }
        }
        out += nowMarker(top: top - 14, bottom: axisY)
        out += caseLane(y: top)
        for (index, lane) in lanes.enumerated() {
            out += consentLane(lane, y: top + Double(index + 1) * laneHeight)
        }
        if !declines.isEmpty {
            let y = top + Double(lanes.count + 1) * laneHeight + laneHeight / 2
            for entry in declines {
                let cx = x(entry.occurredAt)
                out +=
                    "<g><title>\(CaseHTMLReport.escape(labels.text("tip.decline", entry.occurredAt.rfc3339, entry.decidedBy ?? "?", entry.reason ?? "")))</title>"
                out +=
                    "<rect x=\"\(f(cx - 6))\" y=\"\(f(y - 6))\" width=\"12\" height=\"12\" fill=\"#9aa5b1\" stroke=\"#52606d\"/>"
                out += "<text x=\"\(f(cx + 9))\" y=\"\(f(y + 4))\" fill=\"#52606d\">\(CaseHTMLReport.escape(labels.text("mark.declined")))</text></g>\n"
            }
        }
        out += rejections(axisY: axisY)
        out += "</svg>"
        return out
    }

    func caseLane(y: Double) -> String {
        var out = ""
        let mid = y + laneHeight / 2
        out +=
            "<line x1=\"\(f(left))\" y1=\"\(f(mid))\" x2=\"\(f(width - right))\" y2=\"\(f(mid))\" stroke=\"#bcccdc\" stroke-dasharray=\"2 3\"/>\n"
        var row = 0
        for recorded in input.events {
            let label: String
            switch recorded.event {
            case .assistanceRequested: label = labels.text("mark.requested")
            case .consentGiven: label = labels.text("mark.consent-given")
            case .consentAmended: label = labels.text("mark.amended")
            case .consentWithdrawn: label = labels.text("mark.withdrawn")
            case .nationalConsultationHeld: label = labels.text("mark.national-consultation")
            case .caseReportSubmitted: label = labels.text("mark.case-report")
            case .caseClosed: label = labels.text("mark.closed")
            case .assistanceDeclined: label = labels.text("mark.declined")
            default: continue
            }
            let cx = x(recorded.metadata.occurredAt)
            let labelY = row % 2 == 0 ? mid - 9 : mid + 17
            row += 1
            out +=
                "<g><title>\(CaseHTMLReport.escape(labels.text("tip.event", recorded.event.typeName, String(recorded.version), recorded.metadata.occurredAt.rfc3339, recorded.metadata.actor)))</title>"
            out +=
                "<circle cx=\"\(f(cx))\" cy=\"\(f(mid))\" r=\"4.5\" fill=\"#fff\" stroke=\"#486581\" stroke-width=\"2\"/>"
            out +=
                "<text x=\"\(f(cx))\" y=\"\(f(labelY))\" text-anchor=\"middle\" fill=\"#486581\" font-size=\"10\">\(CaseHTMLReport.escape(label))</text></g>\n"
        }
        return out
    }

    func consentLane(_ lane: ConsentLane, y: Double) -> String {
        var out = ""
        let barY = y + 22
        let barHeight = 22.0
        let start = x(lane.scope.validFrom.opening)
        let validEnd = x(lane.scope.validUntil.closing)
        let end = lane.withdrawal.map { min(x($0.metadata.occurredAt), validEnd) } ?? validEnd
        let tooltip = labels.text(
            "tip.consent", lane.id, lane.scope.validFrom.description, lane.scope.validUntil.description, lane.grantedBy.name,
            lane.grantedBy.office, "\(lane.instrument.kind.rawValue) \(lane.instrument.reference)",
            lane.scope.activityKinds.map(\.rawValue).joined(separator: ", "), lane.scope.providers.map(\.rawValue).joined(separator: ", "))
        out += "<g><title>\(CaseHTMLReport.escape(tooltip))</title>"
        if lane.withdrawal != nil, end < validEnd {
            out +=
                "<rect x=\"\(f(end))\" y=\"\(f(barY))\" width=\"\(f(validEnd - end))\" height=\"\(f(barHeight))\" rx=\"4\" fill=\"none\" stroke=\"#9fb3c8\" stroke-dasharray=\"4 3\"/>"
        }
        out +=
            "<rect x=\"\(f(start))\" y=\"\(f(barY))\" width=\"\(f(max(end - start, 2)))\" height=\"\(f(barHeight))\" rx=\"4\" fill=\"#d9e2ec\" stroke=\"#9fb3c8\"/>"
        out += "</g>\n"
        for amendment in lane.amendments {
            let ax = x(amendment.metadata.occurredAt)
            out += "<g><title>\(CaseHTMLReport.escape(labels.text("tip.amended", amendment.metadata.occurredAt.rfc3339)))</title>"
            out +=
                "<line x1=\"\(f(ax))\" y1=\"\(f(barY - 3))\" x2=\"\(f(ax))\" y2=\"\(f(barY + barHeight + 3))\" stroke=\"#486581\" stroke-width=\"2\"/></g>\n"
        }
        if let withdrawal = lane.withdrawal {
            let wx = x(withdrawal.metadata.occurredAt)
            var reason = ""
            if case .consentWithdrawn(let withdrawn) = withdrawal.event { reason = withdrawn.withdrawal.reason }
            out +=
                "<g><title>\(CaseHTMLReport.escape(labels.text("tip.withdrawn", withdrawal.metadata.occurredAt.rfc3339, reason)))</title>"
            out +=
                "<line x1=\"\(f(wx))\" y1=\"\(f(barY - 5))\" x2=\"\(f(wx))\" y2=\"\(f(barY + barHeight + 5))\" stroke=\"#c62828\" stroke-width=\"3\"/>"
            out +=
                "<text x=\"\(f(wx + 5))\" y=\"\(f(barY + barHeight + 12))\" fill=\"#c62828\" font-size=\"10\">\(CaseHTMLReport.escape(labels.text("mark.withdrawn")))</text></g>\n"
        }
        let mid = barY + barHeight / 2
        for (index, entry) in input.trace.entries.filter({ $0.consentID == lane.id }).enumerated() {
            let labelY = index % 2 == 0 ? barY + barHeight + 14 : barY - 6
            let cx = x(entry.occurredAt)
            let tooltip =
                labels.text("tip.relied", entry.label, entry.occurredAt.rfc3339, lane.id, labels.text(entry.covered ? "covered" : "not-covered"))
                + (entry.reason.map { ": \($0)" } ?? "")
            out += "<g><title>\(CaseHTMLReport.escape(tooltip))</title>"
            if entry.kind == "approval" {
                out +=
                    "<path d=\"M\(f(cx)) \(f(mid - 8)) L\(f(cx + 8)) \(f(mid)) L\(f(cx)) \(f(mid + 8)) L\(f(cx - 8)) \(f(mid)) Z\" fill=\"#102a43\" stroke=\"#fff\" stroke-width=\"1.5\"/>"
                out +=
                    "<text x=\"\(f(cx))\" y=\"\(f(labelY))\" text-anchor=\"middle\" fill=\"#102a43\" font-size=\"11\" font-weight=\"600\">\(CaseHTMLReport.escape(labels.text("legend.approval")))</text>"
            } else {
                let colour = entry.activityKinds.first.flatMap { CaseHTMLReport.kindColours[$0] } ?? "#333"
                if let days = entry.days {
                    let from = x(days.lowerBound.start)
                    let to = x(days.upperBound.end)
                    out +=
                        "<rect x=\"\(f(from))\" y=\"\(f(mid - 3))\" width=\"\(f(max(to - from, 2)))\" height=\"6\" fill=\"\(colour)\" opacity=\"0.45\"/>"
                }
                out +=
                    "<circle cx=\"\(f(cx))\" cy=\"\(f(mid))\" r=\"7\" fill=\"\(colour)\" stroke=\"#fff\" stroke-width=\"1.5\"/>"
                out +=
                    "<text x=\"\(f(cx))\" y=\"\(f(labelY))\" text-anchor=\"middle\" fill=\"\(colour)\" font-size=\"11\" font-weight=\"600\">\(CaseHTMLReport.escape(entry.activityID ?? ""))</text>"
            }
            out += "</g>\n"
        }
        return out
    }

    /// A dashed line at the moment the page was generated: validity bars ending before it have expired.
    func nowMarker(top: Double, bottom: Double) -> String {
        let (low, high) = range
        let now = input.generatedAt
        guard now.microseconds > low, now.microseconds < high else { return "" }
        let nx = x(now)
        return "<g><title>\(CaseHTMLReport.escape(labels.text("tip.generated", now.rfc3339)))</title>"
            + "<line x1=\"\(f(nx))\" y1=\"\(f(top))\" x2=\"\(f(nx))\" y2=\"\(f(bottom))\" stroke=\"#f0b429\" stroke-width=\"1.5\" stroke-dasharray=\"5 4\"/>"
            + "<text x=\"\(f(nx + 4))\" y=\"\(f(top + 8))\" fill=\"#b17d00\" font-size=\"10\">\(CaseHTMLReport.escape(labels.text("mark.now")))</text></g>\n"
    }

    func rejections(axisY: Double) -> String {
        var out = ""
        for (index, entry) in rejected.enumerated() {
            guard let time = entry.occurredAt else { continue }
            let cx = x(time)
            let codes = entry.reasons.map(\.code.rawValue)
            let tooltip = labels.text(
                "tip.rejected", entry.commandType, entry.commandID, time.rfc3339,
                entry.reasons.map { "\($0.code.rawValue): \($0.message)" }.joined(separator: "; "))
            out += "<g><title>\(CaseHTMLReport.escape(tooltip))</title>"
            out +=
                "<path d=\"M\(f(cx - 6)) \(f(axisY - 6)) L\(f(cx + 6)) \(f(axisY + 6)) M\(f(cx + 6)) \(f(axisY - 6)) L\(f(cx - 6)) \(f(axisY + 6))\" stroke=\"#c62828\" stroke-width=\"3\" stroke-linecap=\"round\"/>"
            let row = Double(index % 2)
            for (line, code) in codes.enumerated() {
                out +=
                    "<text x=\"\(f(cx))\" y=\"\(f(axisY + 34 + row * 30 + Double(line) * 12))\" text-anchor=\"middle\" fill=\"#c62828\" font-size=\"10\">\(CaseHTMLReport.escape(code))</text>"
            }
            out += "</g>\n"
        }
        return out
    }

    /// Month gridlines and labels along the axis.
    func axis(y: Double, bottom: Double, top: Double) -> String {
        let (low, high) = range
        var out =
            "<line x1=\"\(f(left))\" y1=\"\(f(y))\" x2=\"\(f(width - right))\" y2=\"\(f(y))\" stroke=\"#627d98\" stroke-width=\"1.5\"/>\n"
        let first = Timestamp(microseconds: low).rfc3339
        guard var year = Int(first.prefix(4)), var month = Int(first.dropFirst(5).prefix(2)) else { return out }
        let spanMonths = Double(high - low) / (30.44 * 86_400_000_000)
        let step = spanMonths <= 20 ? 1 : spanMonths <= 48 ? 3 : 12
        let names = (1...12).map { labels.text("month.\($0)") }
        month += 1
        if month > 12 { month = 1; year += 1 }
        while true {
            let text =
                (year < 1000 ? String(repeating: "0", count: 4 - String(year).count) : "") + String(year) + "-"
                + (month < 10 ? "0" : "") + String(month) + "-01"
            guard let day = CalendarDay(iso: text) else { break }
            if day.start.microseconds > high { break }
            if (month - 1) % step == 0 {
                let gx = x(day.start)
                out += "<line x1=\"\(f(gx))\" y1=\"\(f(top))\" x2=\"\(f(gx))\" y2=\"\(f(y + 5))\" stroke=\"#e4e7eb\"/>"
                let label = month == 1 || step == 12 ? "\(names[month - 1]) \(year)" : names[month - 1]
                out +=
                    "<text x=\"\(f(gx))\" y=\"\(f(y + 17))\" text-anchor=\"middle\" fill=\"#52606d\" font-size=\"10\">\(CaseHTMLReport.escape(label))</text>\n"
            }
            month += 1
            if month > 12 { month = 1; year += 1 }
        }
        return out
    }

    func f(_ value: Double) -> String { String(Double(Int(value * 10)) / 10) }
}
