/// A scheduled consultation will not take place.
public struct CancelConsultation: MessageData {
    public var reason: String

    public init(reason: String) { self.reason = reason }

    public static func read(_ reader: inout ObjectReader) -> CancelConsultation? {
        reader.string("reason", maxLength: 2000).map(CancelConsultation.init(reason:))
    }

    public var json: JSON { ["reason": .string(reason)] }
}
