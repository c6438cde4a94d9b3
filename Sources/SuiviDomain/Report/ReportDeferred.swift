/// The event recorded when the report is deferred: from which session to which, and why.
public struct ReportDeferred: MessageData {
    public var deferral: DeferReport
    /// The due session before this deferral.
    public var fromSession: Int

    public init(deferral: DeferReport, fromSession: Int) {
        self.deferral = deferral
        self.fromSession = fromSession
    }

    public static func read(_ reader: inout ObjectReader) -> ReportDeferred? {
        let deferral = DeferReport.read(&reader)
        let from = reader.integer("fromSession", minimum: 1, maximum: MandateReport.maximumSession)
        guard let deferral, let from else { return nil }
        return ReportDeferred(deferral: deferral, fromSession: from)
    }

    public var json: JSON { deferral.json.adding(["fromSession": .int(fromSession)]) }
}
