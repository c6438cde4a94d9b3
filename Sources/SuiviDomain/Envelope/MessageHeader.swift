/// One header of a message as the transport delivered it: a name and raw bytes (a null value has none).
/// The domain reads CloudEvents attributes from these in binary content mode; it knows no Kafka type.
public struct MessageHeader: Sendable, Hashable {
    public var name: String
    public var value: [UInt8]?

    public init(name: String, value: [UInt8]?) {
        self.name = name
        self.value = value
    }

    /// The header that carries the content type (`content-type`, in any letter case).
    public static let contentType = "content-type"
    /// The prefix of the headers that carry CloudEvents attributes in binary content mode.
    public static let attributePrefix = "ce_"
}
