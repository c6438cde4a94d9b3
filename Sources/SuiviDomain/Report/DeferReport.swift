/// The report's due session moves to a later one. A deferral is a new event: earlier due sessions stay
/// in the history.
public struct DeferReport: MessageData {
    public var newSession: Int
    public var reason: String

    public init(newSession: Int, reason: String) {
        self.newSession = newSession
        self.reason = reason
    }

    public static func read(_ reader: inout ObjectReader) -> DeferReport? {
        let session = reader.integer("newSession", minimum: 1, maximum: MandateReport.maximumSession)
        let reason = reader.string("reason", maxLength: 2000)
        guard let session, let reason else { return nil }
        return DeferReport(newSession: session, reason: reason)
    }

    public var json: JSON { ["newSession": .int(newSession), "reason": .string(reason)] }
}
