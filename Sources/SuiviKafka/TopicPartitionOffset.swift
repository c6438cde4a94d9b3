/// A partition and an offset in it: where to start reading, or what to commit.
///
/// The offset is always the *next* record to read: to commit after processing the record at
/// offset `n`, commit `n + 1`.
public struct TopicPartitionOffset: Sendable, Hashable, CustomStringConvertible {
    public var topic: String
    public var partition: Int32
    public var offset: Int64

    /// Start at the oldest record the broker still holds.
    public static let beginning: Int64 = -2
    /// Start after the newest record: only records produced from now on.
    public static let end: Int64 = -1

    public init(topic: String, partition: Int32, offset: Int64) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
    }

    public init(_ topicPartition: TopicPartition, offset: Int64) {
        self.init(topic: topicPartition.topic, partition: topicPartition.partition, offset: offset)
    }

    public var topicPartition: TopicPartition { TopicPartition(topic: topic, partition: partition) }

    public var description: String { "\(topic)[\(partition)]@\(offset)" }
}
