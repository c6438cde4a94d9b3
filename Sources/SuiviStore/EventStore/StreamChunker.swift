public import SuiviDomain

/// Cuts pages of events read in stream and version order (``EventStore/events(inStreamOrderAfter:positions:limit:)``)
/// into chunks that end where a stream ends, so that each stream is applied in one chunk (its rows written
/// once) whenever it fits in one. A plain value: the rebuild's reader does the I/O around it.
///
/// Events of the last stream of a page may continue on the next page: they are held back and put in
/// front of it. A stream longer than a page is cut where the page ends (it is then applied in several
/// chunks, which is correct, only slower).
public struct StreamChunker: Sendable {
    /// The events held back: the last stream of the previous page, possibly incomplete.
    public private(set) var held: [RecordedEvent] = []

    public init() {}

    /// The chunk to apply now for a page of `limit` events (nil: nothing complete yet).
    /// - Parameter page: the next events in stream and version order; fewer than `limit` means the end.
    public mutating func chunk(after page: [RecordedEvent], limit: Int) -> [RecordedEvent]? {
        var events = held
        events.append(contentsOf: page)
        held = []
        guard page.count >= limit, let last = events.last else { return events.isEmpty ? nil : events }
        // The first event of the last stream: everything before it is whole streams.
        var cut = events.count
        while cut > 0 && events[cut - 1].streamID == last.streamID { cut -= 1 }
        guard cut > 0 else { return events }
        held = Array(events[cut...])
        return Array(events[..<cut])
    }

    /// What is left once the store has no more events (nil: nothing).
    public mutating func finish() -> [RecordedEvent]? {
        defer { held = [] }
        return held.isEmpty ? nil : held
    }
}
