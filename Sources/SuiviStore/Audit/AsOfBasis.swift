public import SuiviDomain

/// Which time of an event an "as of" question compares with the moment asked about.
public enum AsOfBasis: String, Sendable, CaseIterable {
    /// `recordedAt`: as the system knew it then. Recording is in stream order, so the known events are
    /// a prefix of the stream.
    case recorded
    /// `occurredAt`: as things stood then, by the time each message claimed. An event recorded later
    /// about an earlier moment counts; the fold keeps stream order.
    case occurred

    /// The event field compared, as scripts see it.
    public var field: String { self == .recorded ? "recordedAt" : "occurredAt" }

    /// The events of `stream` (in version order) known at `time` on this basis.
    public func known(_ stream: [RecordedEvent], at time: Timestamp) -> [RecordedEvent] {
        switch self {
        case .recorded: Array(stream.prefix { $0.metadata.recordedAt <= time })
        case .occurred: stream.filter { $0.metadata.occurredAt <= time }
        }
    }
}
