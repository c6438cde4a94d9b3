/// The State concerned consents to assistance: who granted it, by which instrument, and its scope.
///
/// Only an authority of the State of the case may send it (role `state-authority`, or `integration`
/// on behalf of the State), never the provider. The consent's id is given by the sender, so that later
/// commands (amendments, withdrawals, decisions, activities) can name it.
public struct GiveConsent: MessageData {
    public var consentID: String
    public var grantedBy: Authority
    public var instrument: ConsentInstrument
    public var scope: ConsentScope
    public var note: String?

    public init(
        consentID: String, grantedBy: Authority, instrument: ConsentInstrument, scope: ConsentScope, note: String? = nil
    ) {
        self.consentID = consentID
        self.grantedBy = grantedBy
        self.instrument = instrument
        self.scope = scope
        self.note = note
    }

    public static func read(_ reader: inout ObjectReader) -> GiveConsent? {
        let id = reader.string("consentId", maxLength: 128, pattern: .identifier)
        let grantedBy = reader.object("grantedBy", Authority.self)
        let instrument = reader.object("instrument", ConsentInstrument.self)
        let scope = reader.object("scope", ConsentScope.self)
        let note = reader.string("note", required: false, maxLength: 2000)
        guard let id, let grantedBy, let instrument, let scope else { return nil }
        return GiveConsent(consentID: id, grantedBy: grantedBy, instrument: instrument, scope: scope, note: note)
    }

    public var json: JSON {
        var members: [String: JSON] = [
            "consentId": .string(consentID), "grantedBy": grantedBy.json, "instrument": instrument.json,
            "scope": scope.json,
        ]
        members["note"] = note.map(JSON.string)
        return .object(members)
    }
}
