/// Every event Suivi records. The CloudEvents `type` on the events topic is `suivi.event.` followed
/// by ``typeName``.
public enum DomainEvent: Sendable, Hashable {
    case assistanceRequested(AssistanceRequested)

    public static let prefix = "suivi.event."

    public var typeName: String {
        switch self {
        case .assistanceRequested: "AssistanceRequested"
        }
    }

    public var aggregate: AggregateKind {
        switch self {
        case .assistanceRequested: .assistanceCase
        }
    }

    /// The event's payload as JSON, as stored and published.
    public var data: JSON {
        switch self {
        case .assistanceRequested(let event): event.json
        }
    }

    /// Reads a stored or published event back.
    public static func decode(typeName: String, data: JSON) -> Result<DomainEvent, DecodingFailure> {
        switch typeName {
        case "AssistanceRequested": AssistanceRequested.decode(data).map(DomainEvent.assistanceRequested)
        default:
            .failure(DecodingFailure([Violation(path: "$.type", code: .unknownType, message: "unknown event type \(typeName)")]))
        }
    }
}
