/// The single entry point from commands to events: routes a command to its aggregate's decider.
public enum Decide {
    /// Decides one command against the current state of its stream and what it may read elsewhere.
    ///
    /// - Parameters:
    ///   - command: a decoded command.
    ///   - state: the folded state of the command's own stream (``AggregateState/empty`` when new).
    ///   - context: the states of ``Command/referencedStreams`` and the reference data.
    /// - Returns: the events to append, or the reasons for refusing.
    public static func decide(_ command: Command, state: AggregateState, context: DecisionContext) -> Decision {
        if let kind = state.kind, kind != command.aggregate {
            return .rejected([
                Rejection(
                    .streamTypeMismatch,
                    "subject \(command.streamID) is a \(kind.rawValue), not a \(command.aggregate.rawValue); use another subject"
                )
            ])
        }
        switch command.aggregate {
        case .assistanceCase: return AssistanceCase.decide(command, state: state.assistanceCase)
        case .regionalConsultation:
            return RegionalConsultation.decide(command, state: state.regionalConsultation, context: context)
        case .mandatedReport: return MandatedReport.decide(command, state: state.mandatedReport, context: context)
        }
    }

    /// Decides a command that references no other stream, with the standard reference data.
    public static func decide(_ command: Command, state: AggregateState) -> Decision {
        decide(command, state: state, context: DecisionContext())
    }
}
