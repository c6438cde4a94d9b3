/// Registers the Council's request for a report: by which resolution, for which session. The subject is
/// the report's id.
public struct MandateReport: MessageData {
    /// The resolution's symbol, such as `A/HRC/RES/42/30`.
    public var resolution: String
    /// The Council session the report is due at (47 for resolution 42/30).
    public var dueSession: Int
    public var title: String

    public init(resolution: String, dueSession: Int, title: String) {
        self.resolution = resolution
        self.dueSession = dueSession
        self.title = title
    }

    /// Highest session number accepted.
    public static let maximumSession = 200

    public static func read(_ reader: inout ObjectReader) -> MandateReport? {
        let resolution = reader.string("resolution", maxLength: 30, pattern: .resolutionSymbol)
        let session = reader.integer("dueSession", minimum: 1, maximum: maximumSession)
        let title = reader.string("title", maxLength: 300)
        guard let resolution, let session, let title else { return nil }
        return MandateReport(resolution: resolution, dueSession: session, title: title)
    }

    public var json: JSON {
        ["resolution": .string(resolution), "dueSession": .int(dueSession), "title": .string(title)]
    }
}
