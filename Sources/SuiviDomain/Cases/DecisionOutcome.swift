/// What the provider decides on a request.
public enum DecisionOutcome: String, Sendable, Hashable, CaseIterable {
    case approve
    case decline
}
