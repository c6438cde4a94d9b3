import SuiviDomain

/// One measured figure, with the machine's limit and the issue's target it is judged against.
struct Figure {
    enum Goal {
        case atLeast(Double)
        case atMost(Double)
    }

    var key: String
    var label: String
    var value: Double
    var unit: String
    var limit: Double? = nil
    var limitLabel: String? = nil
    var goal: Goal? = nil
    var note: String? = nil

    var ratioToLimit: Double? { limit.flatMap { $0 > 0 ? value / $0 : nil } }

    var meetsTarget: Bool? {
        switch goal {
        case .atLeast(let target): value >= target
        case .atMost(let target): value <= target
        case nil: nil
        }
    }

    var targetText: String {
        switch goal {
        case .atLeast(let target): ">= \(format(target))"
        case .atMost(let target): "<= \(format(target))"
        case nil: ""
        }
    }

    var json: JSON {
        var members: [String: JSON] = [
            "label": .string(label), "value": .number(format(value, decimals: 2)), "unit": .string(unit),
        ]
        if let limit { members["limit"] = .number(format(limit, decimals: 2)) }
        if let limitLabel { members["limitOf"] = .string(limitLabel) }
        if let ratio = ratioToLimit { members["ratioToLimit"] = .number(format(ratio, decimals: 3)) }
        switch goal {
        case .atLeast(let target):
            members["target"] = .number(format(target, decimals: 2))
            members["targetKind"] = "at-least"
            members["ratioToTarget"] = .number(format(value / target, decimals: 3))
        case .atMost(let target):
            members["target"] = .number(format(target, decimals: 2))
            members["targetKind"] = "at-most"
            members["ratioToTarget"] = .number(format(value / target, decimals: 3))
        case nil: break
        }
        if let met = meetsTarget { members["meetsTarget"] = .bool(met) }
        if let note { members["note"] = .string(note) }
        return .object(members)
    }
}

/// Formats a number without Foundation: integers plainly, others with a few decimals.
func format(_ value: Double, decimals: Int = 0) -> String {
    guard value.isFinite else { return "0" }
    if decimals == 0 || value.rounded() == value && abs(value) >= 100 { return String(Int64(value.rounded())) }
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let scaled = Int64((abs(value) * scale).rounded())
    let whole = scaled / Int64(scale)
    var fraction = String(scaled % Int64(scale))
    while fraction.count < decimals { fraction = "0" + fraction }
    return (value < 0 ? "-" : "") + "\(whole).\(fraction)"
}

/// The benchmark's report: a table for people, JSON for scripts.
struct BenchReport {
    var parameters: [String: JSON] = [:]
    var figures: [Figure] = []
    var checks: [(name: String, passed: Bool, detail: String)] = []

    mutating func add(_ figure: Figure) { figures.append(figure) }

    var table: String {
        var rows: [[String]] = [["figure", "value", "limit (same run)", "of limit", "target", "met"]]
        for figure in figures {
            rows.append([
                figure.label, "\(format(figure.value, decimals: figure.value < 100 ? 1 : 0)) \(figure.unit)",
                figure.limit.map { "\(format($0)) \(figure.unit)" + (figure.limitLabel.map { " (\($0))" } ?? "") }
                    ?? "",
                figure.ratioToLimit.map { "\(format($0 * 100, decimals: 1))%" } ?? "",
                figure.targetText, figure.meetsTarget.map { $0 ? "yes" : "NO" } ?? "",
            ])
        }
        var widths = Array(repeating: 0, count: rows[0].count)
        for row in rows { for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) } }
        var lines: [String] = []
        for (number, row) in rows.enumerated() {
            lines.append(
                row.enumerated().map { index, cell in cell + String(repeating: " ", count: widths[index] - cell.count) }
                    .joined(separator: "  "))
            if number == 0 { lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")) }
        }
        for check in checks { lines.append("check \(check.passed ? "ok  " : "FAIL") \(check.name): \(check.detail)") }
        return lines.joined(separator: "\n")
    }

    var json: JSON {
        var figuresJSON: [String: JSON] = [:]
        for figure in figures { figuresJSON[figure.key] = figure.json }
        return [
            "parameters": .object(parameters),
            "figures": .object(figuresJSON),
            "checks": .array(
                checks.map { ["name": .string($0.name), "passed": .bool($0.passed), "detail": .string($0.detail)] }),
        ]
    }
}
