/// What a decider may read besides its own stream: the states of the streams a command references
/// (``Command/referencedStreams``) and the configurable reference data.
///
/// Deciders stay pure: the caller loads the referenced heads (the decider worker with
/// `EventStore.heads(for:)`) and passes them in. A referenced stream that is absent is treated as
/// empty, that is, as an aggregate that does not exist.
public struct DecisionContext: Sendable, Hashable {
    /// The current state of each referenced stream, by stream id.
    public var referenced: [String: AggregateState]
    public var referenceData: ReferenceData

    public init(referenced: [String: AggregateState] = [:], referenceData: ReferenceData = .standard) {
        self.referenced = referenced
        self.referenceData = referenceData
    }

    /// The state of a referenced stream; ``AggregateState/empty`` when it was not loaded or has no events.
    public func state(of streamID: String) -> AggregateState { referenced[streamID] ?? .empty }
}
