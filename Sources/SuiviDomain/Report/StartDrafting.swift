/// Drafting of the report starts.
public struct StartDrafting: MessageData {
    /// The office leading the drafting.
    public var leadOffice: String
    public var note: String?

    public init(leadOffice: String, note: String? = nil) {
        self.leadOffice = leadOffice
        self.note = note
    }

    public static func read(_ reader: inout ObjectReader) -> StartDrafting? {
        let office = reader.string("leadOffice", maxLength: 200)
        let note = reader.string("note", required: false, maxLength: 2000)
        guard let office else { return nil }
        return StartDrafting(leadOffice: office, note: note)
    }

    public var json: JSON {
        var members: [String: JSON] = ["leadOffice": .string(leadOffice)]
        members["note"] = note.map(JSON.string)
        return .object(members)
    }
}
