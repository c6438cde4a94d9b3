/// The event recorded when the report may be submitted without a consultation having been held.
public struct ConsultationWaived: MessageData {
    public var waiver: WaiveConsultation

    public init(waiver: WaiveConsultation) { self.waiver = waiver }

    public static func read(_ reader: inout ObjectReader) -> ConsultationWaived? {
        WaiveConsultation.read(&reader).map(ConsultationWaived.init(waiver:))
    }

    public var json: JSON { waiver.json }
}
