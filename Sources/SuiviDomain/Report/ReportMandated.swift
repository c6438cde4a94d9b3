/// The event recorded when the Council's request for a report is registered.
public struct ReportMandated: MessageData {
    public var mandate: MandateReport

    public init(mandate: MandateReport) { self.mandate = mandate }

    public static func read(_ reader: inout ObjectReader) -> ReportMandated? {
        MandateReport.read(&reader).map(ReportMandated.init(mandate:))
    }

    public var json: JSON { mandate.json }
}
