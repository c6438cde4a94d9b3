/// The event recorded when the report is presented to the Council.
public struct ReportPresented: MessageData {
    public var presentation: PresentReport

    public init(presentation: PresentReport) { self.presentation = presentation }

    public static func read(_ reader: inout ObjectReader) -> ReportPresented? {
        PresentReport.read(&reader).map(ReportPresented.init(presentation:))
    }

    public var json: JSON { presentation.json }
}
