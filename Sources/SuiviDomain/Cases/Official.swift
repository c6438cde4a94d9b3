/// A person deciding for the provider (an OHCHR or UNDP official).
public struct Official: MessageData {
    public var name: String
    /// The office, such as "OHCHR Regional Office for West Africa".
    public var office: String

    public init(name: String, office: String) {
        self.name = name
        self.office = office
    }

    public static func read(_ reader: inout ObjectReader) -> Official? {
        let name = reader.string("name", maxLength: 200)
        let office = reader.string("office", maxLength: 200)
        guard let name, let office else { return nil }
        return Official(name: name, office: office)
    }

    public var json: JSON { ["name": .string(name), "office": .string(office)] }
}
