internal import SuiviApp
internal import SuiviOperations
internal import SuiviDomain

/// The consents of one State as windows on a time axis: one lane per consent, its validity as a bar,
/// cut at a withdrawal (the rest dashed). Inline SVG with a title and a text alternative.
struct ConsentWindowsDrawing {
    let language: Language
    /// Rows of the State's consents list (`validFromAt`, `validUntilAt`, `withdrawn`, `withdrawnAt`, `consentId`, `caseId`).
    let consents: [JSON.Members]

    var svg: String? {
        let lanes: [(label: String, from: Int64, until: Int64, cut: Int64?)] = consents.compactMap { row in
            guard let from = row["validFromAt"]?.stringValue.flatMap(Timestamp.init(rfc3339:)),
                let until = row["validUntilAt"]?.stringValue.flatMap(Timestamp.init(rfc3339:))
            else { return nil }
            let cut = row["withdrawn"]?.boolValue == true ? row["withdrawnAt"]?.stringValue.flatMap(Timestamp.init(rfc3339:)) : nil
            let label = "\(row["consentId"]?.stringValue ?? "?") (\(row["caseId"]?.stringValue ?? "?"))"
            return (label, from.microseconds, until.microseconds, cut?.microseconds)
        }
        guard let start = lanes.map(\.from).min(), let end = lanes.map(\.until).max(), end > start else { return nil }
        let left = 260.0, width = 640.0, laneHeight = 26.0
        let height = Double(lanes.count) * laneHeight + 34
        func x(_ value: Int64) -> Double { left + width * Double(value - start) / Double(end - start) }
        let format = LocalFormat(language: language)
        let title = HTMLText.escape(language.text("state.consent-windows"))
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="cw-title" width="\(Int(left + width + 20))" height="\(Int(height))" viewBox="0 0 \(Int(left + width + 20)) \(Int(height))">
            <title id="cw-title">\(title)</title>
            <text x="\(left)" y="\(height - 6)" font-size="12" fill="#243b53">\(HTMLText.escape(format.day(Timestamp(microseconds: start).rfc3339)))</text>
            <text x="\(left + width)" y="\(height - 6)" font-size="12" fill="#243b53" text-anchor="end">\(HTMLText.escape(format.day(Timestamp(microseconds: end).rfc3339)))</text>

            """
        for (index, lane) in lanes.enumerated() {
            let y = 8 + Double(index) * laneHeight
            let solidEnd = lane.cut.map { min($0, lane.until) } ?? lane.until
            svg += "<text x=\"4\" y=\"\(y + 14)\" font-size=\"12\" fill=\"#102a43\">\(HTMLText.escape(lane.label))</text>"
            svg += "<rect x=\"\(x(lane.from))\" y=\"\(y + 3)\" width=\"\(max(2, x(solidEnd) - x(lane.from)))\" height=\"14\" fill=\"#486581\"/>"
            if let cut = lane.cut, cut < lane.until {
                svg += "<rect x=\"\(x(cut))\" y=\"\(y + 3)\" width=\"\(max(2, x(lane.until) - x(cut)))\" height=\"14\" fill=\"none\" stroke=\"#9b1c1c\" stroke-dasharray=\"4 3\"/>"
            }
            svg += "\n"
        }
        return svg + "</svg>"
    }
}
