import Foundation
internal import SuiviDomain
internal import SuiviStore

/// The query string of a request, decoded and checked: each route names the parameters it accepts;
/// anything else, or a value of the wrong shape, is a ``ConsoleInputError``.
struct QueryParameters: Sendable {
    /// Longest query string accepted (bytes, encoded).
    static let maximumLength = 1024
    static let maximumValueLength = 128

    /// In the order given.
    let pairs: [(String, String)]

    init(_ query: String) throws(ConsoleInputError) {
        guard query.utf8.count <= Self.maximumLength else { throw ConsoleInputError(414, "error.query-too-long", String(query.utf8.count)) }
        var pairs: [(String, String)] = []
        for item in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let rawName = String(parts[0])
            let rawValue = parts.count > 1 ? String(parts[1]) : ""
            guard let name = rawName.replacingAll("+", with: " ").removingPercentEncoding,
                let value = rawValue.replacingAll("+", with: " ").removingPercentEncoding
            else { throw ConsoleInputError(400, "error.bad-encoding", rawName) }
            guard value.utf8.count <= Self.maximumValueLength else { throw ConsoleInputError(400, "error.value-too-long", name) }
            guard !pairs.contains(where: { $0.0 == name }) else { throw ConsoleInputError(400, "error.repeated-parameter", name) }
            pairs.append((name, value))
        }
        self.pairs = pairs
    }

    subscript(name: String) -> String? {
        pairs.first { $0.0 == name }.map(\.1).flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Refuses any parameter not in `allowed` (lang and format are always allowed).
    func only(_ allowed: Set<String>) throws(ConsoleInputError) {
        for (name, _) in pairs where !allowed.contains(name) && name != "lang" && name != "format" {
            throw ConsoleInputError(400, "error.unknown-parameter", name)
        }
    }

    /// "html" (default), "json", "csv" or "text" (what the CLI prints).
    func format() throws(ConsoleInputError) -> String {
        let value = self["format"] ?? "html"
        guard ["html", "json", "csv", "text"].contains(value) else { throw ConsoleInputError(400, "error.bad-format", value) }
        return value
    }

    func language() throws(ConsoleInputError) -> String? {
        guard let value = self["lang"] else { return nil }
        guard Catalogue.all.contains(where: { $0.code == value }) else { throw ConsoleInputError(400, "error.bad-language", value) }
        return value
    }

    /// A calendar day, YYYY-MM-DD.
    func day(_ name: String) throws(ConsoleInputError) -> CalendarDay? {
        guard let value = self[name] else { return nil }
        guard value.utf8.count == 10, let day = CalendarDay(iso: value), day.description == value else {
            throw ConsoleInputError(400, "error.bad-date", value)
        }
        return day
    }

    /// A moment: YYYY-MM-DD (the end of that day, UTC) or RFC 3339.
    func moment(_ name: String) throws(ConsoleInputError) -> Timestamp? {
        guard let value = self[name] else { return nil }
        if value.utf8.count == 10 {
            guard let day = CalendarDay(iso: value), day.description == value else { throw ConsoleInputError(400, "error.bad-date", value) }
            return day.end
        }
        guard let time = Timestamp(rfc3339: value) else { throw ConsoleInputError(400, "error.bad-date", value) }
        return time
    }

    func basis() throws(ConsoleInputError) -> AsOfBasis {
        guard let value = self["by"] else { return .recorded }
        guard let basis = AsOfBasis(rawValue: value) else { throw ConsoleInputError(400, "error.bad-basis", value) }
        return basis
    }

    func period() throws(ConsoleInputError) -> Period {
        let period = Period(from: try day("from"), to: try day("to"))
        guard period.isOrdered else { throw ConsoleInputError(400, "error.period-reversed", "\(self["from"] ?? "") > \(self["to"] ?? "")") }
        return period
    }

    /// `limit` (1...500, default 50) and `offset` (0 or more).
    func page(defaultLimit: Int = 50) throws(ConsoleInputError) -> PageRequest {
        var limit = defaultLimit
        var offset = 0
        if let text = self["limit"] {
            guard let value = Int(text), (1...500).contains(value) else { throw ConsoleInputError(400, "error.bad-limit", text) }
            limit = value
        }
        if let text = self["offset"] {
            guard let value = Int(text), (0...100_000_000).contains(value) else { throw ConsoleInputError(400, "error.bad-offset", text) }
            offset = value
        }
        return PageRequest(limit: limit, offset: offset)
    }
}
