/// The State changes the scope of a consent it gave. The original consent is not edited: the
/// amendment is a new event that references it, and its scope applies from then on.
public struct AmendConsent: MessageData {
    /// The consent amended.
    public var consentID: String
    public var amendedBy: Authority
    public var instrument: ConsentInstrument
    /// The whole new scope (not a difference).
    public var scope: ConsentScope
    public var reason: String

    public init(
        consentID: String, amendedBy: Authority, instrument: ConsentInstrument, scope: ConsentScope, reason: String
    ) {
        self.consentID = consentID
        self.amendedBy = amendedBy
        self.instrument = instrument
        self.scope = scope
        self.reason = reason
    }

    public static func read(_ reader: inout ObjectReader) -> AmendConsent? {
        let id = reader.string("consentId", maxLength: 128, pattern: .identifier)
        let amendedBy = reader.object("amendedBy", Authority.self)
        let instrument = reader.object("instrument", ConsentInstrument.self)
        let scope = reader.object("scope", ConsentScope.self)
        let reason = reader.string("reason", maxLength: 2000)
        guard let id, let amendedBy, let instrument, let scope, let reason else { return nil }
        return AmendConsent(consentID: id, amendedBy: amendedBy, instrument: instrument, scope: scope, reason: reason)
    }

    public var json: JSON {
        [
            "consentId": .string(consentID), "amendedBy": amendedBy.json, "instrument": instrument.json,
            "scope": scope.json, "reason": .string(reason),
        ]
    }
}
