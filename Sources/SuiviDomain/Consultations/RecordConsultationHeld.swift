/// A scheduled regional consultation took place: when, where, who took part, and the good practices
/// shared.
public struct RecordConsultationHeld: MessageData {
    public var heldOn: CalendarDay
    /// The last day, for a consultation over several days.
    public var endsOn: CalendarDay?
    public var modality: Modality
    /// Where it was held; required unless it was virtual.
    public var venue: String?
    public var participants: ParticipantCounts
    /// Good practices recorded, one sentence or paragraph each.
    public var goodPractices: [String]

    public init(
        heldOn: CalendarDay, endsOn: CalendarDay? = nil, modality: Modality, venue: String? = nil,
        participants: ParticipantCounts, goodPractices: [String]
    ) {
        self.heldOn = heldOn
        self.endsOn = endsOn
        self.modality = modality
        self.venue = venue
        self.participants = participants
        self.goodPractices = goodPractices
    }

    public static func read(_ reader: inout ObjectReader) -> RecordConsultationHeld? {
        let heldOn = reader.day("heldOn")
        let endsOn = reader.day("endsOn", required: false)
        let modality = reader.enumeration("modality", Modality.self)
        let venue = reader.string("venue", required: modality?.needsVenue ?? false, maxLength: 200)
        let participants = reader.object("participants", ParticipantCounts.self)
        let practices = reader.strings("goodPractices", maxItems: 100, maxLength: 2000)
        guard let heldOn, let modality, let participants, let practices else { return nil }
        if modality.needsVenue, venue == nil { return nil }
        return RecordConsultationHeld(
            heldOn: heldOn, endsOn: endsOn, modality: modality, venue: venue, participants: participants,
            goodPractices: practices)
    }

    public var json: JSON {
        var members: [String: JSON] = [
            "heldOn": .string(heldOn.description), "modality": .string(modality.rawValue),
            "participants": participants.json,
            "goodPractices": .array(goodPractices.map(JSON.string)),
        ]
        members["endsOn"] = endsOn.map { .string($0.description) }
        members["venue"] = venue.map(JSON.string)
        return .object(members)
    }
}
