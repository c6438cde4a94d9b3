/// A record to produce.
public struct OutgoingMessage: Sendable {
    public var topic: String
    /// The record key; records with equal keys land on the same partition. `nil` sends no key.
    public var key: [UInt8]?
    public var value: [UInt8]
    public var headers: [KafkaHeader]
    /// A fixed partition, or `nil` to let the partitioner (`murmur2_random`, as Java clients) choose from the key.
    public var partition: Int32?

    public init(
        topic: String,
        key: [UInt8]? = nil,
        value: [UInt8],
        headers: [KafkaHeader] = [],
        partition: Int32? = nil
    ) {
        self.topic = topic
        self.key = key
        self.value = value
        self.headers = headers
        self.partition = partition
    }
}
