/// The event recorded when the provider approves assistance. It always names the consent it relied on.
public struct AssistanceApproved: MessageData {
    /// The decision as sent, with ``DecideAssistance/consentID`` set to the consent relied on.
    public var decision: DecideAssistance
    public var consentID: String

    public init(decision: DecideAssistance, consentID: String) {
        var decision = decision
        decision.consentID = consentID
        self.decision = decision
        self.consentID = consentID
    }

    public static func read(_ reader: inout ObjectReader) -> AssistanceApproved? {
        guard let decision = DecideAssistance.read(&reader) else { return nil }
        guard decision.outcome == .approve, let consentID = decision.consentID else {
            reader.fail("consentId", .required, "an approval event must name the consent it relied on")
            return nil
        }
        return AssistanceApproved(decision: decision, consentID: consentID)
    }

    public var json: JSON { decision.json }
}
