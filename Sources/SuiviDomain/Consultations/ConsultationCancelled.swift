/// The event recorded when a consultation is cancelled. A cancelled consultation stays cancelled; schedule a new one.
public struct ConsultationCancelled: MessageData {
    public var cancellation: CancelConsultation

    public init(cancellation: CancelConsultation) { self.cancellation = cancellation }

    public static func read(_ reader: inout ObjectReader) -> ConsultationCancelled? {
        CancelConsultation.read(&reader).map(ConsultationCancelled.init(cancellation:))
    }

    public var json: JSON { cancellation.json }
}
