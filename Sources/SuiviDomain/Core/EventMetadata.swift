/// What every recorded event carries besides its payload: who did it, for whom, when it happened and
/// when it was recorded, and which command it came from.
public struct EventMetadata: Sendable, Hashable {
    public var eventID: String
    public var commandID: String
    public var actor: String
    public var actorRole: ActorRole
    public var onBehalfOf: String?
    /// When the fact happened, from the command's `time`.
    public var occurredAt: Timestamp
    /// When Suivi recorded it.
    public var recordedAt: Timestamp
    /// The consent a decision or activity relied on, where one is needed.
    public var consentID: String?

    public init(
        eventID: String, commandID: String, actor: String, actorRole: ActorRole, onBehalfOf: String?,
        occurredAt: Timestamp, recordedAt: Timestamp, consentID: String? = nil
    ) {
        self.eventID = eventID
        self.commandID = commandID
        self.actor = actor
        self.actorRole = actorRole
        self.onBehalfOf = onBehalfOf
        self.occurredAt = occurredAt
        self.recordedAt = recordedAt
        self.consentID = consentID
    }
}

/// An event as it sits in a stream: its place, its payload and its metadata.
public struct RecordedEvent: Sendable, Hashable {
    public var streamID: String
    public var aggregate: AggregateKind
    /// 1 for the stream's first event.
    public var version: Int
    /// Place in the whole store (0 when not yet known).
    public var position: Int64
    public var event: DomainEvent
    public var metadata: EventMetadata

    public init(
        streamID: String, aggregate: AggregateKind, version: Int, position: Int64, event: DomainEvent,
        metadata: EventMetadata
    ) {
        self.streamID = streamID
        self.aggregate = aggregate
        self.version = version
        self.position = position
        self.event = event
        self.metadata = metadata
    }
}
