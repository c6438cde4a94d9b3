public import SuiviApp
public import Logging
internal import SuiviKafka
internal import SuiviStore

/// Reads the whole events topic for an audit: every partition assigned manually from the beginning,
/// outside any consumer group (nothing is committed).
///
/// The end is found by silence, not by high watermarks (Tansu 0.6 misreports them): reading stops
/// once no message has arrived for ``settle`` after the last one, and fails after ``timeout``.
public struct EventsTopicReader: Sendable {
    public var configuration: SuiviConfiguration
    /// How long the topic must stay silent before it is taken as read to the end.
    public var settle: Duration
    /// The most the whole read may take.
    public var timeout: Duration

    public init(configuration: SuiviConfiguration, settle: Duration = .seconds(2), timeout: Duration = .seconds(600)) {
        self.configuration = configuration
        self.settle = settle
        self.timeout = timeout
    }

    /// Reads the topic into an index. Blocking: call it from a thread that may block.
    /// - Parameter streamID: Keep only this stream's events; `nil` keeps all.
    /// - Throws: ``OperationFailure`` `unavailable` when the topic does not exist or keeps delivering past
    ///   the timeout; `KafkaError` when the brokers cannot be reached.
    public func read(streamID: String?, logger: Logger) throws -> TopicEventIndex {
        let topic = configuration.topics.events
        let kafka = configuration.kafka(clientID: "suivi-audit")
        let admin = try KafkaAdmin(configuration: kafka, logger: logger)
        try admin.checkConnection(timeout: .seconds(5))
        guard let partitions = try admin.partitionCount(topic: topic), partitions > 0 else {
            throw OperationFailure(.unavailable, "the events topic \(topic) does not exist; check SUIVI_TOPIC_EVENTS")
        }
        let consumer = try KafkaConsumer(configuration: kafka, logger: logger)
        defer { consumer.close() }
        try consumer.assign((0..<Int32(partitions)).map {
            TopicPartitionOffset(topic: topic, partition: $0, offset: TopicPartitionOffset.beginning)
        })
        var index = TopicEventIndex(topic: topic, streamID: streamID, partitions: partitions)
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var lastArrival = clock.now
        while clock.now - lastArrival < settle {
            guard clock.now < deadline else {
                throw OperationFailure(.unavailable,
                    "the events topic \(topic) was still delivering after \(timeout); raise --topic-timeout")
            }
            let messages = try consumer.poll(maxMessages: 10_000, timeout: .milliseconds(200))
            guard !messages.isEmpty else { continue }
            lastArrival = clock.now
            for message in messages {
                index.add(key: message.key, value: message.value, partition: message.partition, offset: message.offset)
            }
        }
        return index
    }
}
