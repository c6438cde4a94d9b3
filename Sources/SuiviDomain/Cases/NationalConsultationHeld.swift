/// The event recorded when a national consultation of the case was held.
public struct NationalConsultationHeld: MessageData {
    public var consultation: RecordNationalConsultation

    public init(consultation: RecordNationalConsultation) { self.consultation = consultation }

    public static func read(_ reader: inout ObjectReader) -> NationalConsultationHeld? {
        RecordNationalConsultation.read(&reader).map(NationalConsultationHeld.init(consultation:))
    }

    public var json: JSON { consultation.json }
}
