/// The report is presented to the Council at its due session.
public struct PresentReport: MessageData {
    public var session: Int
    /// Who presented it, such as "Deputy High Commissioner for Human Rights".
    public var presentedBy: String

    public init(session: Int, presentedBy: String) {
        self.session = session
        self.presentedBy = presentedBy
    }

    public static func read(_ reader: inout ObjectReader) -> PresentReport? {
        let session = reader.integer("session", minimum: 1, maximum: MandateReport.maximumSession)
        let by = reader.string("presentedBy", maxLength: 200)
        guard let session, let by else { return nil }
        return PresentReport(session: session, presentedBy: by)
    }

    public var json: JSON { ["session": .int(session), "presentedBy": .string(presentedBy)] }
}
