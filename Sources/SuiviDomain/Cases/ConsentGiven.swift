/// The event recorded when the State's consent is accepted.
public struct ConsentGiven: MessageData {
    public var consent: GiveConsent

    public init(consent: GiveConsent) { self.consent = consent }

    public static func read(_ reader: inout ObjectReader) -> ConsentGiven? {
        GiveConsent.read(&reader).map(ConsentGiven.init(consent:))
    }

    public var json: JSON { consent.json }
}
