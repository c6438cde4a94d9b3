/// The event recorded when a consent is withdrawn.
public struct ConsentWithdrawn: MessageData {
    public var withdrawal: WithdrawConsent
    /// The case's consents still in force after this withdrawal (none: the case is suspended).
    public var remainingConsentIDs: [String]

    public init(withdrawal: WithdrawConsent, remainingConsentIDs: [String]) {
        self.withdrawal = withdrawal
        self.remainingConsentIDs = remainingConsentIDs
    }

    public static func read(_ reader: inout ObjectReader) -> ConsentWithdrawn? {
        let withdrawal = WithdrawConsent.read(&reader)
        let remaining = reader.strings("remainingConsentIds", unique: true, maxLength: 128, pattern: .identifier)
        guard let withdrawal, let remaining else { return nil }
        return ConsentWithdrawn(withdrawal: withdrawal, remainingConsentIDs: remaining)
    }

    public var json: JSON {
        withdrawal.json.adding(["remainingConsentIds": .array(remainingConsentIDs.map(JSON.string))])
    }
}
