/// OHCHR schedules one of the regional consultations the resolution asks for. The subject is the
/// consultation's id; the region must be in the configured reference data.
public struct ScheduleConsultation: MessageData {
    /// A region code from the reference data, such as `african-states`.
    public var region: String
    public var title: String
    public var plannedDate: CalendarDay
    public var modality: Modality
    /// Where it will be held; required unless the consultation is virtual.
    public var venue: String?
    /// The office organising it, such as "OHCHR Regional Office for Southern Africa".
    public var host: String?

    public init(
        region: String, title: String, plannedDate: CalendarDay, modality: Modality, venue: String? = nil,
        host: String? = nil
    ) {
        self.region = region
        self.title = title
        self.plannedDate = plannedDate
        self.modality = modality
        self.venue = venue
        self.host = host
    }

    public static func read(_ reader: inout ObjectReader) -> ScheduleConsultation? {
        let region = reader.string("region", maxLength: 64, pattern: .code)
        let title = reader.string("title", maxLength: 300)
        let planned = reader.day("plannedDate")
        let modality = reader.enumeration("modality", Modality.self)
        let venue = reader.string("venue", required: modality?.needsVenue ?? false, maxLength: 200)
        let host = reader.string("host", required: false, maxLength: 200)
        guard let region, let title, let planned, let modality else { return nil }
        if modality.needsVenue, venue == nil { return nil }
        return ScheduleConsultation(
            region: region, title: title, plannedDate: planned, modality: modality, venue: venue, host: host)
    }

    public var json: JSON {
        var members: [String: JSON] = [
            "region": .string(region), "title": .string(title), "plannedDate": .string(plannedDate.description),
            "modality": .string(modality.rawValue),
        ]
        members["venue"] = venue.map(JSON.string)
        members["host"] = host.map(JSON.string)
        return .object(members)
    }
}
