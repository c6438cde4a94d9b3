import Foundation
import Testing

@testable import SuiviKafka

/// Broker faults a real broker cannot be asked for, injected with librdkafka's mock cluster: the
/// producer retries what can be retried, loses no acknowledged message and writes none twice
/// (idempotence), and a consumer reads every message once.
@Suite("Broker faults (mock cluster)", .serialized)
struct KafkaMockFaultTests {
    /// A producer hosting a mock cluster of `brokers` brokers, with one topic.
    func mockProducer(brokers: Int, partitions: Int32 = 1) throws -> (KafkaProducer, KafkaMockCluster, String) {
        let producer = try KafkaProducer(
            configuration: KafkaConfiguration(
                brokers: "", properties: ["test.mock.num.brokers": String(brokers), "message.timeout.ms": "60000"]),
            logger: testLogger())
        guard let mock = producer.mockCluster else { throw KafkaError(code: .configuration, message: "no mock cluster") }
        let topic = "mocked-\(UUID().uuidString.prefix(8))"
        try mock.createTopic(topic, partitions: partitions)
        return (producer, mock, topic)
    }

    /// Reads the topic back from the mock cluster and returns each value's count.
    func readBack(_ mock: KafkaMockCluster, topic: String, partitions: Int32, expecting count: Int) async throws -> [String: Int] {
        let bootstrap = mock.bootstrapServers
        let messages = try await onDedicatedThread {
            let consumer = try KafkaConsumer(configuration: KafkaConfiguration(brokers: bootstrap), logger: testLogger())
            defer { consumer.close() }
            try consumer.assign((0..<partitions).map { TopicPartitionOffset(topic: topic, partition: $0, offset: TopicPartitionOffset.beginning) })
            var messages = try poll(consumer, until: count, giveUpAfter: .seconds(30))
            messages += try consumer.poll(maxMessages: 10_000, timeout: .milliseconds(500))  // anything extra shows duplicates
            return messages
        }
        var counts: [String: Int] = [:]
        for message in messages { counts[String(decoding: message.value, as: UTF8.self), default: 0] += 1 }
        return counts
    }

    func batch(_ topic: String, _ range: Range<Int>) -> [OutgoingMessage] {
        range.map { OutgoingMessage(topic: topic, key: Array("case-\($0 % 7)".utf8), value: Array("m\($0)".utf8)) }
    }

    @Test("retriable produce errors are retried: every message delivered exactly once")
    func retriableErrorsAreRetried() async throws {
        let (producer, mock, topic) = try mockProducer(brokers: 1)
        defer { producer.close() }
        mock.failNext(.produce, with: ["NOT_LEADER_FOR_PARTITION", "REQUEST_TIMED_OUT", "NOT_ENOUGH_REPLICAS", "LEADER_NOT_AVAILABLE"])
        let reports = try await producer.send(batch(topic, 0..<500))
        #expect(reports.count == 500)
        let counts = try await readBack(mock, topic: topic, partitions: 1, expecting: 500)
        #expect(counts.count == 500)
        #expect(counts.values.allSatisfy { $0 == 1 }, "no message written twice")
    }

    @Test("a broker that goes down and comes back: sends wait, then all are delivered once")
    func brokerDownThenUp() async throws {
        let (producer, mock, topic) = try mockProducer(brokers: 1)
        defer { producer.close() }
        _ = try await producer.send(batch(topic, 0..<100))
        mock.setBroker(1, up: false)
        let pending = Task { try await producer.send(batch(topic, 100..<300)) }
        try await Task.sleep(for: .seconds(2))
        mock.setBroker(1, up: true)
        let reports = try await pending.value
        #expect(reports.count == 200)
        let counts = try await readBack(mock, topic: topic, partitions: 1, expecting: 300)
        #expect(counts.count == 300)
        #expect(counts.values.allSatisfy { $0 == 1 })
    }

    @Test("leaders change while messages flow: all delivered once, in order per partition")
    func leaderChanges() async throws {
        let (producer, mock, topic) = try mockProducer(brokers: 3, partitions: 2)
        defer { producer.close() }
        var reports: [DeliveryReport] = []
        for round in 0..<6 {
            try mock.setLeader(topic: topic, partition: Int32(round % 2), broker: Int32(round % 3 + 1))
            reports += try await producer.send(batch(topic, (round * 200)..<((round + 1) * 200)))
        }
        #expect(reports.count == 1200)
        for partition in Int32(0)...1 {
            let offsets = reports.filter { $0.partition == partition }.map(\.offset)
            #expect(offsets == offsets.sorted(), "offsets grow in each partition")
            #expect(Set(offsets).count == offsets.count, "no offset given twice")
        }
        let counts = try await readBack(mock, topic: topic, partitions: 2, expecting: 1200)
        #expect(counts.count == 1200)
        #expect(counts.values.allSatisfy { $0 == 1 })
    }

    @Test("a broker down for longer than the message timeout: the send fails with an error, not silence")
    func timeoutSurfaces() async throws {
        let producer = try KafkaProducer(
            configuration: KafkaConfiguration(brokers: "", properties: ["test.mock.num.brokers": "1", "message.timeout.ms": "1500"]),
            logger: testLogger())
        defer { producer.close() }
        let mock = try #require(producer.mockCluster)
        try mock.createTopic("mocked-timeout", partitions: 1)
        mock.setBroker(1, up: false)
        let error = await #expect(throws: KafkaError.self) {
            try await producer.send(OutgoingMessage(topic: "mocked-timeout", value: [1], partition: 0))
        }
        #expect(error?.code == .delivery)
        #expect(error?.rdkafkaName == "_MSG_TIMED_OUT")
    }
}
