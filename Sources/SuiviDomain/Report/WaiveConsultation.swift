/// Records that the report may be submitted although a consultation it draws on was not held (it was
/// cancelled, say), with the reason.
public struct WaiveConsultation: MessageData {
    /// The id (subject) of the regional consultation waived.
    public var consultationID: String
    public var reason: String

    public init(consultationID: String, reason: String) {
        self.consultationID = consultationID
        self.reason = reason
    }

    public static func read(_ reader: inout ObjectReader) -> WaiveConsultation? {
        let id = reader.string("consultationId", maxLength: 128, pattern: .identifier)
        let reason = reader.string("reason", maxLength: 2000)
        guard let id, let reason else { return nil }
        return WaiveConsultation(consultationID: id, reason: reason)
    }

    public var json: JSON { ["consultationId": .string(consultationID), "reason": .string(reason)] }
}
