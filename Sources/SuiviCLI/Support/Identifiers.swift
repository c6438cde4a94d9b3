import ArgumentParser
import SuiviDomain

/// Checks of ids and times given on the command line: a malformed one is bad usage (exit 2, one line),
/// told apart from a well-formed id that matches nothing (exit 1).
enum Identifiers {
    /// - Throws: `ValidationError` when `id` is not an identifier as the contracts define it.
    static func validate(_ id: String, what: String) throws {
        guard Pattern.identifier.check(id) else {
            throw ValidationError("malformed \(what) id '\(id)': expected letters, digits and . _ : - (at most 128)")
        }
    }

    /// A moment: RFC 3339, or a bare day `YYYY-MM-DD` meaning the end of that day (UTC).
    ///
    /// - Throws: `ValidationError` when `text` is neither.
    static func time(_ text: String) throws -> Timestamp {
        if text.utf8.count == 10, let day = CalendarDay(iso: text), day.description == text { return day.end }
        guard let time = Timestamp(rfc3339: text) else {
            throw ValidationError("malformed time '\(text)': expected YYYY-MM-DD or RFC 3339, e.g. 2026-03-01T12:00:00Z")
        }
        return time
    }

    /// - Throws: `ValidationError` when `text` is not a day `YYYY-MM-DD`.
    static func day(_ text: String) throws -> CalendarDay {
        guard text.utf8.count == 10, let day = CalendarDay(iso: text), day.description == text else {
            throw ValidationError("malformed date '\(text)': expected YYYY-MM-DD, e.g. 2026-06-30")
        }
        return day
    }
}
