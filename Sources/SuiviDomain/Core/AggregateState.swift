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

    /// Applies one event.
    public func evolve(_ event: DomainEvent) -> AggregateState {
        var next = self
        next.kind = event.aggregate
        next.version += 1
        switch event.aggregate {
        case .assistanceCase: next.assistanceCase = AssistanceCase.evolve(assistanceCase, event)
        case .regionalConsultation: next.regionalConsultation = RegionalConsultation.evolve(regionalConsultation, event)
        case .mandatedReport: next.mandatedReport = MandatedReport.evolve(mandatedReport, event)
        }
        return next
    }

    /// Folds a stream's events from its start.
    public static func fold(_ events: some Sequence<DomainEvent>) -> AggregateState {
        events.reduce(AggregateState.empty) { $0.evolve($1) }
    }
}
