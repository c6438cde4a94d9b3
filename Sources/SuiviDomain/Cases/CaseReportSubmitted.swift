/// The event recorded when a progress or final report of the case is submitted.
public struct CaseReportSubmitted: MessageData {
    public var report: SubmitCaseReport

    public init(report: SubmitCaseReport) { self.report = report }

    public static func read(_ reader: inout ObjectReader) -> CaseReportSubmitted? {
        SubmitCaseReport.read(&reader).map(CaseReportSubmitted.init(report:))
    }

    public var json: JSON { report.json }
}
