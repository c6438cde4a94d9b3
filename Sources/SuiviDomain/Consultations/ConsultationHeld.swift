/// The event recorded when a regional consultation was held: participants and good practices.
public struct ConsultationHeld: MessageData {
    public var meeting: RecordConsultationHeld

    public init(meeting: RecordConsultationHeld) { self.meeting = meeting }

    public static func read(_ reader: inout ObjectReader) -> ConsultationHeld? {
        RecordConsultationHeld.read(&reader).map(ConsultationHeld.init(meeting:))
    }

    public var json: JSON { meeting.json }
}
