/// The event recorded when an activity is accepted. It always names the consent it relied on.
public struct ActivityRecorded: MessageData {
    /// The activity as sent, with ``RecordActivity/consentID`` set to the consent relied on.
    public var activity: RecordActivity
    public var consentID: String

    public init(activity: RecordActivity, consentID: String) {
        var activity = activity
        activity.consentID = consentID
        self.activity = activity
        self.consentID = consentID
    }

    public static func read(_ reader: inout ObjectReader) -> ActivityRecorded? {
        guard let activity = RecordActivity.read(&reader) else { return nil }
        guard let consentID = activity.consentID else {
            reader.fail("consentId", .required, "an activity event must name the consent it relied on")
            return nil
        }
        return ActivityRecorded(activity: activity, consentID: consentID)
    }

    public var json: JSON { activity.json }

    public func writeJSON(into out: inout [UInt8]) { activity.writeJSON(into: &out) }
}
