public import SuiviApp
public import Logging
internal import SuiviKafka
public import SuiviStore
internal import SuiviDomain

/// Reads the whole checkpoints topic, as ``EventsTopicReader`` reads the events topic: every partition
/// from the beginning, outside any consumer group, until it stays silent for ``settle``.
public struct CheckpointsTopicReader: Sendable {
    public var configuration: SuiviConfiguration
    public var settle: Duration
    public var timeout: Duration

    public init(configuration: SuiviConfiguration, settle: Duration = .seconds(2), timeout: Duration = .seconds(600)) {
        self.configuration = configuration
        self.settle = settle
        self.timeout = timeout
    }

    /// Every checkpoint on the topic (republished copies included), in topic order.
    /// - Throws: ``OperationFailure`` `unavailable` when the topic does not exist or keeps delivering past the
    ///   timeout, ``AuditFailure`` (kind `checkpoint`) naming a message that is not a signed checkpoint;
    ///   `KafkaError` when the brokers cannot be reached.
    public func read(logger: Logger) throws -> [SignedCheckpoint] {
        let topic = configuration.topics.checkpoints
        let kafka = configuration.kafka(clientID: "suivi-audit")
        let admin = try KafkaAdmin(configuration: kafka, logger: logger)
        try admin.checkConnection(timeout: .seconds(5))
        guard let partitions = try admin.partitionCount(topic: topic), partitions > 0 else {
            throw OperationFailure(.unavailable, "the checkpoints topic \(topic) does not exist; check SUIVI_TOPIC_CHECKPOINTS")
        }
        let consumer = try KafkaConsumer(configuration: kafka, logger: logger)
        defer { consumer.close() }
        try consumer.assign((0..<Int32(partitions)).map {
            TopicPartitionOffset(topic: topic, partition: $0, offset: TopicPartitionOffset.beginning)
        })
        var checkpoints: [SignedCheckpoint] = []
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var lastArrival = clock.now
        while clock.now - lastArrival < settle {
            guard clock.now < deadline else {
                throw OperationFailure(.unavailable, "the checkpoints topic \(topic) was still delivering after \(timeout); raise --topic-timeout")
            }
            let messages = try consumer.poll(maxMessages: 10_000, timeout: .milliseconds(200))
            guard !messages.isEmpty else { continue }
            lastArrival = clock.now
            for message in messages {
                do {
                    checkpoints.append(try SignedCheckpoint(json: try JSONParser.parse(message.value)))
                } catch {
                    throw AuditFailure(.checkpoint, topicPlace: "\(topic)[\(message.partition)]@\(message.offset)",
                        message: "the message is not a signed checkpoint (\(error))")
                }
            }
        }
        return checkpoints
    }
}
