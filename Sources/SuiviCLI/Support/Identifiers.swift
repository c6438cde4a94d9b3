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

    /// - Throws: `ValidationError` when `text` is not an RFC 3339 time.
    static func time(_ text: String) throws -> Timestamp {
        guard let time = Timestamp(rfc3339: text) else {
            throw ValidationError("malformed time '\(text)': expected RFC 3339, e.g. 2026-03-01T12:00:00Z")
        }
        return time
    }
}
