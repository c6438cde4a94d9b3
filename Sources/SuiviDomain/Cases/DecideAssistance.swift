/// The provider decides to give the assistance (for some activity kinds, by some providers) or to
/// decline it. An approval needs a consent valid at the command's time whose scope covers every kind
/// and provider approved; the consent relied on is recorded in the event (and may be named here).
public struct DecideAssistance: MessageData {
    public var outcome: DecisionOutcome
    public var decidedBy: Official
    public var reason: String
    /// Required for an approval: the kinds of activity approved.
    public var activityKinds: [ActivityKind]?
    /// Required for an approval: the providers approved.
    public var providers: [Provider]?
    /// The consent relied on; when absent, Suivi picks a consent that covers the approval.
    public var consentID: String?

    public init(
        outcome: DecisionOutcome, decidedBy: Official, reason: String, activityKinds: [ActivityKind]? = nil,
        providers: [Provider]? = nil, consentID: String? = nil
    ) {
        self.outcome = outcome
        self.decidedBy = decidedBy
        self.reason = reason
        self.activityKinds = activityKinds
        self.providers = providers
        self.consentID = consentID
    }

    public static func read(_ reader: inout ObjectReader) -> DecideAssistance? {
        let outcome = reader.enumeration("outcome", DecisionOutcome.self)
        let decidedBy = reader.object("decidedBy", Official.self)
        let reason = reader.string("reason", maxLength: 2000)
        // An approval must say what it approves (the schema's if/then).
        let approving = outcome == .approve
        let kinds = reader.enumerationSet("activityKinds", ActivityKind.self, required: approving)
        let providers = reader.enumerationSet("providers", Provider.self, required: approving)
        let consentID = reader.string("consentId", required: false, maxLength: 128, pattern: .identifier)
        guard let outcome, let decidedBy, let reason, !approving || (kinds != nil && providers != nil) else {
            return nil
        }
        return DecideAssistance(
            outcome: outcome, decidedBy: decidedBy, reason: reason, activityKinds: kinds, providers: providers,
            consentID: consentID)
    }

    public var json: JSON {
        var members: [String: JSON] = [
            "outcome": .string(outcome.rawValue), "decidedBy": decidedBy.json, "reason": .string(reason),
        ]
        members["activityKinds"] = activityKinds.map { .array($0.map { .string($0.rawValue) }) }
        members["providers"] = providers.map { .array($0.map { .string($0.rawValue) }) }
        members["consentId"] = consentID.map(JSON.string)
        return .object(members)
    }
}
