/// A JSON object that Suivi reads from a message and writes back: a command's `data`, an event's
/// payload, or a part of one (an authority, a consent scope).
///
/// A type reads its members from an ``ObjectReader`` so that composite types (an event that adds a
/// member to its command's data) read from the same object and unknown members are caught once.
public protocol MessageData: Sendable, Hashable {
    /// Reads the members this type knows; returns nil when one is missing or invalid (the reader then
    /// holds the violations).
    static func read(_ reader: inout ObjectReader) -> Self?

    /// The value as JSON, with the same member names that ``read(_:)`` reads.
    var json: JSON { get }

    /// Appends `json.canonicalBytes` to `out`. A type on the hot path writes its members directly in their
    /// sorted order instead of building ``json`` and sorting it; the others keep the default.
    func writeJSON(into out: inout [UInt8])
}

extension MessageData {
    public func writeJSON(into out: inout [UInt8]) { json.write(into: &out) }

    /// Decodes a value at `path`, listing every violation; members that ``read(_:)`` did not ask for
    /// are violations too.
    public static func decode(_ data: JSON?, path: String) -> Result<Self, DecodingFailure> {
        var reader = ObjectReader(data, path: path)
        guard reader.isObject else { return .failure(DecodingFailure(reader.violations)) }
        let value = read(&reader)
        reader.rejectUnknownMembers()
        guard reader.violations.isEmpty, let value else { return .failure(DecodingFailure(reader.violations)) }
        return .success(value)
    }
}

extension JSON {
    /// This object with more members (later ones win); other values are returned unchanged.
    func adding(_ extra: [String: JSON?]) -> JSON {
        guard case .object(var members) = self else { return self }
        for (key, value) in extra { members[key] = value }
        return .object(members)
    }
}
