/// The decider of one assistance case: its state, the decisions it takes on commands, and how its
/// events change it. Pure functions, no I/O.
public enum AssistanceCase {
    public struct State: Sendable, Hashable {
        public var exists = false
        public var status: CaseStatus = .requested
        public var state: String = ""
        public var provider: Provider? = nil

        public init() {}
    }

    public static func decide(_ command: Command, state: State) -> Decision {
        switch command.payload {
        case .requestAssistance(let request):
            if state.exists {
                return .rejected([Rejection(.caseAlreadyExists,
                    "case \(command.streamID) was already requested; use a new subject for a new request")])
            }
            return .accepted([.assistanceRequested(AssistanceRequested(request: request))])
        }
    }

    public static func evolve(_ state: State, _ event: DomainEvent) -> State {
        var next = state
        switch event {
        case .assistanceRequested(let requested):
            next.exists = true
            next.status = .requested
            next.state = requested.request.state
            next.provider = requested.request.provider
        }
        return next
    }
}
