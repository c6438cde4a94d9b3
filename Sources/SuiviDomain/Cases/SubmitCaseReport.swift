/// A progress or final report of the case (not the report to the Council).
public struct SubmitCaseReport: MessageData {
    /// Whether the report covers a stage of the work or its end.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case progress
        case final
    }

    public var reportID: String
    public var kind: Kind
    /// Where the document can be found (a reference or a link).
    public var documentReference: String
    public var summary: String?

    public init(reportID: String, kind: Kind, documentReference: String, summary: String? = nil) {
        self.reportID = reportID
        self.kind = kind
        self.documentReference = documentReference
        self.summary = summary
    }

    public static func read(_ reader: inout ObjectReader) -> SubmitCaseReport? {
        let id = reader.string("reportId", maxLength: 128, pattern: .identifier)
        let kind = reader.enumeration("kind", Kind.self)
        let reference = reader.string("documentReference", maxLength: 500)
        let summary = reader.string("summary", required: false, maxLength: 4000)
        guard let id, let kind, let reference else { return nil }
        return SubmitCaseReport(reportID: id, kind: kind, documentReference: reference, summary: summary)
    }

    public var json: JSON {
        var members: [String: JSON] = [
            "reportId": .string(reportID), "kind": .string(kind.rawValue),
            "documentReference": .string(documentReference),
        ]
        members["summary"] = summary.map(JSON.string)
        return .object(members)
    }
}
