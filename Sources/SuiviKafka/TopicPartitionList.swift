import CRdKafka

/// Owns one `rd_kafka_topic_partition_list_t` and destroys it in `deinit`.
final class TopicPartitionList {
    private let pointer: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>

    init(capacity: Int) {
        pointer = rd_kafka_topic_partition_list_new(Int32(clamping: capacity))
    }

    convenience init(_ offsets: [TopicPartitionOffset]) {
        self.init(capacity: offsets.count)
        for entry in offsets {
            add(topic: entry.topic, partition: entry.partition, offset: entry.offset)
        }
    }

    /// Takes ownership of a list librdkafka returned.
    init(owning pointer: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) {
        self.pointer = pointer
    }

    deinit {
        rd_kafka_topic_partition_list_destroy(pointer)
    }

    /// Lends the C list for the duration of `body`; the list stays alive until `body` returns.
    func withPointer<Result>(_ body: (UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) -> Result) -> Result {
        withExtendedLifetime(self) { body(pointer) }
    }

    var topicPartitions: [TopicPartition] {
        withPointer { Self.topicPartitions(in: $0) }
    }

    func add(topic: String, partition: Int32, offset: Int64 = suivi_rd_kafka_offset_invalid) {
        rd_kafka_topic_partition_list_add(pointer, topic, partition).pointee.offset = offset
    }

    static func topicPartitions(in list: UnsafePointer<rd_kafka_topic_partition_list_t>) -> [TopicPartition] {
        let list = list.pointee
        return (0..<Int(list.cnt)).map { index in
            TopicPartition(topic: String(cString: list.elems[index].topic), partition: list.elems[index].partition)
        }
    }
}
