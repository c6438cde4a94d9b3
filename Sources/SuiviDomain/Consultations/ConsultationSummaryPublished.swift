/// The event recorded when a consultation's summary is published.
public struct ConsultationSummaryPublished: MessageData {
    public var summary: PublishConsultationSummary

    public init(summary: PublishConsultationSummary) { self.summary = summary }

    public static func read(_ reader: inout ObjectReader) -> ConsultationSummaryPublished? {
        PublishConsultationSummary.read(&reader).map(ConsultationSummaryPublished.init(summary:))
    }

    public var json: JSON { summary.json }
}
