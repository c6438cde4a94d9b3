import ArgumentParser
import Foundation
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

    /// - Throws: `ValidationError` when `id` is not an event id: a UUID in its 36-character form (event ids
    ///   are version 8 UUIDs; capitals are the same id).
    static func validateEventID(_ id: String) throws {
        guard UUID(uuidString: id) != nil else {
            throw ValidationError(
                "malformed event id '\(id.prefix(80))': expected a UUID such as 3f2b8c1e-5d4a-8b7c-9e6f-0a1b2c3d4e5f (suivi audit trace CASE_ID --json gives a case's event ids)")
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
