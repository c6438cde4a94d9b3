/// The event recorded when a consent's scope is amended; it references the consent it amends.
public struct ConsentAmended: MessageData {
    public var amendment: AmendConsent

    public init(amendment: AmendConsent) { self.amendment = amendment }

    public static func read(_ reader: inout ObjectReader) -> ConsentAmended? {
        AmendConsent.read(&reader).map(ConsentAmended.init(amendment:))
    }

    public var json: JSON { amendment.json }
}
