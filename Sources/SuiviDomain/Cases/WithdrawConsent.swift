/// The State withdraws a consent. From then on, no decision or activity may rely on it.
public struct WithdrawConsent: MessageData {
    /// The consent withdrawn.
    public var consentID: String
    public var withdrawnBy: Authority
    /// The document that notifies the withdrawal, if there is one.
    public var instrument: ConsentInstrument?
    public var reason: String

    public init(consentID: String, withdrawnBy: Authority, instrument: ConsentInstrument? = nil, reason: String) {
        self.consentID = consentID
        self.withdrawnBy = withdrawnBy
        self.instrument = instrument
        self.reason = reason
    }

    public static func read(_ reader: inout ObjectReader) -> WithdrawConsent? {
        let id = reader.string("consentId", maxLength: 128, pattern: .identifier)
        let withdrawnBy = reader.object("withdrawnBy", Authority.self)
        let instrument = reader.object("instrument", ConsentInstrument.self, required: false)
        let reason = reader.string("reason", maxLength: 2000)
        guard let id, let withdrawnBy, let reason else { return nil }
        return WithdrawConsent(consentID: id, withdrawnBy: withdrawnBy, instrument: instrument, reason: reason)
    }

    public var json: JSON {
        var members: [String: JSON] = [
            "consentId": .string(consentID), "withdrawnBy": withdrawnBy.json, "reason": .string(reason),
        ]
        members["instrument"] = instrument?.json
        return .object(members)
    }
}
