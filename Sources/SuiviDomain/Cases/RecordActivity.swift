/// An assistance activity delivered in a case: a training, an advisory mission, a tool deployment...
///
/// It needs an approval covering its kind and provider and a consent, valid at the command's time,
/// whose scope covers its kind, its provider and its dates. A correction is a new activity that names
/// the one it corrects in ``corrects``; nothing recorded is edited.
public struct RecordActivity: MessageData {
    /// The activity's id in the case, given by the sender.
    public var activityID: String
    public var kind: ActivityKind
    public var title: String
    public var startDate: CalendarDay
    public var endDate: CalendarDay
    public var provider: Provider
    public var providerOffice: String?
    /// How many people took part.
    public var participants: Int
    /// The capacities of the national mechanism the activity builds.
    public var capacities: [Capacity]?
    /// The id of an earlier activity of this case that this one corrects.
    public var corrects: String?
    /// The consent relied on; when absent, Suivi picks a consent that covers the activity.
    public var consentID: String?
    public var description: String?

    public init(
        activityID: String, kind: ActivityKind, title: String, startDate: CalendarDay, endDate: CalendarDay,
        provider: Provider, providerOffice: String? = nil, participants: Int, capacities: [Capacity]? = nil,
        corrects: String? = nil, consentID: String? = nil, description: String? = nil
    ) {
        self.activityID = activityID
        self.kind = kind
        self.title = title
        self.startDate = startDate
        self.endDate = endDate
        self.provider = provider
        self.providerOffice = providerOffice
        self.participants = participants
        self.capacities = capacities
        self.corrects = corrects
        self.consentID = consentID
        self.description = description
    }

    /// Largest number of participants accepted (a typo guard, not a policy).
    public static let maximumParticipants = 100_000

    public static func read(_ reader: inout ObjectReader) -> RecordActivity? {
        let id = reader.string("activityId", maxLength: 128, pattern: .identifier)
        let kind = reader.enumeration("kind", ActivityKind.self)
        let title = reader.string("title", maxLength: 200)
        let start = reader.day("startDate")
        let end = reader.day("endDate")
        let provider = reader.enumeration("provider", Provider.self)
        let office = reader.string("providerOffice", required: false, maxLength: 200)
        let participants = reader.integer("participants", minimum: 0, maximum: maximumParticipants)
        let capacities = reader.enumerationSet("capacities", Capacity.self, required: false)
        let corrects = reader.string("corrects", required: false, maxLength: 128, pattern: .identifier)
        let consentID = reader.string("consentId", required: false, maxLength: 128, pattern: .identifier)
        let description = reader.string("description", required: false, maxLength: 2000)
        guard let id, let kind, let title, let start, let end, let provider, let participants else { return nil }
        return RecordActivity(
            activityID: id, kind: kind, title: title, startDate: start, endDate: end, provider: provider,
            providerOffice: office, participants: participants, capacities: capacities, corrects: corrects,
            consentID: consentID, description: description)
    }

    public var json: JSON {
        var members: [String: JSON] = [
            "activityId": .string(activityID), "kind": .string(kind.rawValue), "title": .string(title),
            "startDate": .string(startDate.description), "endDate": .string(endDate.description),
            "provider": .string(provider.rawValue), "participants": .int(participants),
        ]
        members["providerOffice"] = providerOffice.map(JSON.string)
        members["capacities"] = capacities.map { .array($0.map { .string($0.rawValue) }) }
        members["corrects"] = corrects.map(JSON.string)
        members["consentId"] = consentID.map(JSON.string)
        members["description"] = description.map(JSON.string)
        return .object(members)
    }

    /// ``json``'s canonical bytes, member by member in sorted order (an activity is most events decided).
    public func writeJSON(into out: inout [UInt8]) {
        func member(_ name: StaticString, _ text: String?) {
            guard let text else { return }
            JSON.writeMemberName(name, into: &out)
            JSON.writeString(text, into: &out)
        }
        JSON.writeMemberName("activityId", first: true, into: &out)
        JSON.writeString(activityID, into: &out)
        if let capacities {
            JSON.writeMemberName("capacities", into: &out)
            out.append(UInt8(ascii: "["))
            for (index, capacity) in capacities.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                JSON.writeString(capacity.rawValue, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        }
        member("consentId", consentID)
        member("corrects", corrects)
        member("description", description)
        JSON.writeMemberName("endDate", into: &out)
        out.append(UInt8(ascii: "\""))
        endDate.writeISO(into: &out)
        out.append(UInt8(ascii: "\""))
        member("kind", kind.rawValue)
        JSON.writeMemberName("participants", into: &out)
        out.append(contentsOf: String(participants).utf8)
        member("provider", provider.rawValue)
        member("providerOffice", providerOffice)
        JSON.writeMemberName("startDate", into: &out)
        out.append(UInt8(ascii: "\""))
        startDate.writeISO(into: &out)
        out.append(UInt8(ascii: "\""))
        member("title", title)
        out.append(UInt8(ascii: "}"))
    }
}
