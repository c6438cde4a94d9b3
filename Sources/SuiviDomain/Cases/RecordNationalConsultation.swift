/// A national consultation held in the case: the State's bodies meet the national human rights
/// institution, civil society and others about the national mechanism.
public struct RecordNationalConsultation: MessageData {
    public var consultationID: String
    public var heldOn: CalendarDay
    public var modality: Modality
    /// Where it was held; required unless the consultation was virtual.
    public var venue: String?
    /// How many people took part.
    public var participants: Int
    /// Who took part besides the State's own bodies.
    public var stakeholders: [Stakeholder]
    public var summary: String?

    public init(
        consultationID: String, heldOn: CalendarDay, modality: Modality, venue: String? = nil, participants: Int,
        stakeholders: [Stakeholder], summary: String? = nil
    ) {
        self.consultationID = consultationID
        self.heldOn = heldOn
        self.modality = modality
        self.venue = venue
        self.participants = participants
        self.stakeholders = stakeholders
        self.summary = summary
    }

    public static func read(_ reader: inout ObjectReader) -> RecordNationalConsultation? {
        let id = reader.string("consultationId", maxLength: 128, pattern: .identifier)
        let heldOn = reader.day("heldOn")
        let modality = reader.enumeration("modality", Modality.self)
        let venue = reader.string("venue", required: modality?.needsVenue ?? false, maxLength: 200)
        let participants = reader.integer("participants", minimum: 0, maximum: RecordActivity.maximumParticipants)
        let stakeholders = reader.enumerationSet("stakeholders", Stakeholder.self)
        let summary = reader.string("summary", required: false, maxLength: 4000)
        guard let id, let heldOn, let modality, let participants, let stakeholders else { return nil }
        if modality.needsVenue, venue == nil { return nil }
        return RecordNationalConsultation(
            consultationID: id, heldOn: heldOn, modality: modality, venue: venue, participants: participants,
            stakeholders: stakeholders, summary: summary)
    }

    public var json: JSON {
        var members: [String: JSON] = [
            "consultationId": .string(consultationID), "heldOn": .string(heldOn.description),
            "modality": .string(modality.rawValue), "participants": .int(participants),
            "stakeholders": .array(stakeholders.map { .string($0.rawValue) }),
        ]
        members["venue"] = venue.map(JSON.string)
        members["summary"] = summary.map(JSON.string)
        return .object(members)
    }
}
