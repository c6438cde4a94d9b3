/// The summary of a held consultation is published.
public struct PublishConsultationSummary: MessageData {
    /// Where the summary can be found (a document symbol, a reference or a link).
    public var documentReference: String
    public var publishedOn: CalendarDay
    public var summary: String?

    public init(documentReference: String, publishedOn: CalendarDay, summary: String? = nil) {
        self.documentReference = documentReference
        self.publishedOn = publishedOn
        self.summary = summary
    }

    public static func read(_ reader: inout ObjectReader) -> PublishConsultationSummary? {
        let reference = reader.string("documentReference", maxLength: 500)
        let published = reader.day("publishedOn")
        let summary = reader.string("summary", required: false, maxLength: 4000)
        guard let reference, let published else { return nil }
        return PublishConsultationSummary(documentReference: reference, publishedOn: published, summary: summary)
    }

    public var json: JSON {
        var members: [String: JSON] = [
            "documentReference": .string(documentReference), "publishedOn": .string(publishedOn.description),
        ]
        members["summary"] = summary.map(JSON.string)
        return .object(members)
    }
}
