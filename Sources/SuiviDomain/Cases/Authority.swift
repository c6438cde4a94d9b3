/// A person acting for a State authority: who gives, amends or withdraws consent.
public struct Authority: MessageData {
    /// The person's name, such as "Mme Akossiwa Mensah".
    public var name: String
    /// The office or authority, such as "Ministère des Droits de l'Homme".
    public var office: String
    /// ISO 3166-1 alpha-3 code of the State the authority belongs to.
    public var state: String

    public init(name: String, office: String, state: String) {
        self.name = name
        self.office = office
        self.state = state
    }

    public static func read(_ reader: inout ObjectReader) -> Authority? {
        let name = reader.string("name", maxLength: 200)
        let office = reader.string("office", maxLength: 200)
        let state = reader.string("state", maxLength: 3, pattern: .alpha3)
        guard let name, let office, let state else { return nil }
        return Authority(name: name, office: office, state: state)
    }

    public var json: JSON { ["name": .string(name), "office": .string(office), "state": .string(state)] }
}
