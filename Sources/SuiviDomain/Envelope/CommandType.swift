/// Every command Suivi accepts. The CloudEvents `type` is `suivi.command.` followed by the raw value.
public enum CommandType: String, Sendable, Hashable, CaseIterable {
    case requestAssistance = "RequestAssistance"

    public static let prefix = "suivi.command."

    public var cloudEventType: String { Self.prefix + rawValue }

    public init?(cloudEventType: String) {
        guard cloudEventType.hasPrefix(Self.prefix) else { return nil }
        self.init(rawValue: String(cloudEventType.dropFirst(Self.prefix.count)))
    }

    /// The aggregate a command of this type addresses.
    public var aggregate: AggregateKind {
        switch self {
        case .requestAssistance: .assistanceCase
        }
    }
}

/// The kinds of aggregate, each its own event stream keyed by its id.
public enum AggregateKind: String, Sendable, Hashable, CaseIterable {
    case assistanceCase = "AssistanceCase"
}
