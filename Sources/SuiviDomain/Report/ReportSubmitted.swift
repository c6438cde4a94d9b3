/// The event recorded when the report is submitted: the session it is submitted for and the waivers
/// it relied on for consultations that were not held.
public struct ReportSubmitted: MessageData {
    public var submission: SubmitReport
    /// The due session at submission.
    public var session: Int
    /// The consultations among ``SubmitReport/drawsOn`` that were not held but waived.
    public var waived: [String]

    public init(submission: SubmitReport, session: Int, waived: [String]) {
        self.submission = submission
        self.session = session
        self.waived = waived
    }

    public static func read(_ reader: inout ObjectReader) -> ReportSubmitted? {
        let submission = SubmitReport.read(&reader)
        let session = reader.integer("session", minimum: 1, maximum: MandateReport.maximumSession)
        let waived = reader.strings("waived", unique: true, maxLength: 128, pattern: .identifier)
        guard let submission, let session, let waived else { return nil }
        return ReportSubmitted(submission: submission, session: session, waived: waived)
    }

    public var json: JSON {
        submission.json.adding(["session": .int(session), "waived": .array(waived.map(JSON.string))])
    }
}
