import SuiviApp
import Logging
import SuiviKafka

/// The true end (next offset to be written) of each partition of a topic.
///
/// The high watermark alone is not enough: the local broker (Tansu 0.6) reports one past the base offset
/// of the last record batch, which is below the end when that batch holds several records. Reading from
/// `high - 1` returns that whole last batch (or, on Apache Kafka, the last record), whose last offset + 1
/// is the end on both. Costs one short fetch per non-empty partition.
enum LogEnds {
    static func probe(
        topic: String, partitions: Int, admin: KafkaAdmin, configuration: SuiviConfiguration, logger: Logger
    ) throws -> [Int32: Int64] {
        let kafka = configuration.kafka(clientID: "suivi-status")
        var ends: [Int32: Int64] = [:]
        var probes: [TopicPartitionOffset] = []
        for partition in 0..<Int32(partitions) {
            let high = try admin.watermarks(topic: topic, partition: partition).high
            ends[partition] = high
            if high > 0 { probes.append(TopicPartitionOffset(topic: topic, partition: partition, offset: high - 1)) }
        }
        guard !probes.isEmpty else { return ends }
        let consumer = try KafkaConsumer(configuration: kafka, groupID: "suivi-status-probe", logger: logger)
        defer { consumer.close() }
        try consumer.assign(probes)
        var waiting = Set(probes.map(\.partition))
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(3)
        while !waiting.isEmpty && clock.now < deadline {
            var quiet = true
            for message in try consumer.poll(maxMessages: 10_000, timeout: .milliseconds(200)) {
                quiet = false
                ends[message.partition] = max(ends[message.partition] ?? 0, message.offset + 1)
                waiting.remove(message.partition)
            }
            // Keep reading while a partition's batch is still arriving.
            if quiet && waiting.isEmpty { break }
        }
        return ends
    }
}
