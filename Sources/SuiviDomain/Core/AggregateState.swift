/// The state of one stream, whatever its kind, with its version: what the store keeps between
/// commands and what deciders read.
public struct AggregateState: Sendable, Hashable {
    public var kind: AggregateKind?
    public var version: Int
    public internal(set) var assistanceCase: AssistanceCase.State
    public internal(set) var regionalConsultation: RegionalConsultation.State
    public internal(set) var mandatedReport: MandatedReport.State

    /// A stream with no events yet.
    public static let empty = AggregateState(
        kind: nil, version: 0, assistanceCase: .init(), regionalConsultation: .init(), mandatedReport: .init())

    /// This state after one event.
    public func evolve(_ event: DomainEvent) -> AggregateState {
        var next = self
        next.apply(event)
        return next
    }

    /// Applies one event in place: when this state is the only owner of its sets and dictionaries (the
    /// command processor's heads), they grow where they are instead of being copied for every event.
    public mutating func apply(_ event: DomainEvent) {
        kind = event.aggregate
        version += 1
        switch event.aggregate {
        case .assistanceCase: AssistanceCase.evolve(&assistanceCase, event)
        case .regionalConsultation: RegionalConsultation.evolve(&regionalConsultation, event)
        case .mandatedReport: MandatedReport.evolve(&mandatedReport, event)
        }
    }

    /// Folds a stream's events from its start.
    public static func fold(_ events: some Sequence<DomainEvent>) -> AggregateState {
        var state = AggregateState.empty
        for event in events { state.apply(event) }
        return state
    }
}
