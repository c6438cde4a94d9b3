/// The single entry point from commands to events: routes a command to its aggregate's decider.
public enum Decide {
    /// Decides one command against the current state of its stream.
    public static func decide(_ command: Command, state: AggregateState) -> Decision {
        if let kind = state.kind, kind != command.aggregate {
            return .rejected([Rejection(.streamTypeMismatch,
                "subject \(command.streamID) is a \(kind.rawValue), not a \(command.aggregate.rawValue); use another subject")])
        }
        switch command.aggregate {
        case .assistanceCase: return AssistanceCase.decide(command, state: state.assistanceCase)
        }
    }
}
