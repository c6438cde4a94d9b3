/// How many participants of each category the resolution names took part in a regional consultation.
public struct ParticipantCounts: MessageData {
    public var states: Int
    /// National human rights institutions.
    public var nhris: Int
    public var civilSociety: Int
    public var unEntities: Int
    public var regionalMechanisms: Int

    public init(states: Int, nhris: Int, civilSociety: Int, unEntities: Int, regionalMechanisms: Int) {
        self.states = states
        self.nhris = nhris
        self.civilSociety = civilSociety
        self.unEntities = unEntities
        self.regionalMechanisms = regionalMechanisms
    }

    /// Largest count accepted in one category.
    public static let maximum = 10_000

    public static func read(_ reader: inout ObjectReader) -> ParticipantCounts? {
        let states = reader.integer("states", minimum: 0, maximum: maximum)
        let nhris = reader.integer("nhris", minimum: 0, maximum: maximum)
        let civil = reader.integer("civilSociety", minimum: 0, maximum: maximum)
        let un = reader.integer("unEntities", minimum: 0, maximum: maximum)
        let regional = reader.integer("regionalMechanisms", minimum: 0, maximum: maximum)
        guard let states, let nhris, let civil, let un, let regional else { return nil }
        return ParticipantCounts(
            states: states, nhris: nhris, civilSociety: civil, unEntities: un, regionalMechanisms: regional)
    }

    public var json: JSON {
        [
            "states": .int(states), "nhris": .int(nhris), "civilSociety": .int(civilSociety),
            "unEntities": .int(unEntities),
            "regionalMechanisms": .int(regionalMechanisms),
        ]
    }
}
