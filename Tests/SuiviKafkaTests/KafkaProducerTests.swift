import Testing
@testable import SuiviKafka

@Suite("KafkaProducer")
struct KafkaProducerTests {
    @Test("a batch of 10,000 messages is delivered with one offset each, keys kept together")
    func deliversLargeBatch() async throws {
        try await withTestTopic(partitions: 3) { topic in
            let producer = try KafkaProducer(configuration: testConfiguration, logger: testLogger())
            defer { producer.close() }
            let messages = sampleMessages(topic: topic, count: 10_000)

            let reports = try await producer.send(messages)

            #expect(reports.count == messages.count)
            #expect(reports.allSatisfy { $0.topic == topic && (0..<3).contains($0.partition) })
            // Offsets of each partition are exactly 0..<n, each given once.
            let byPartition = Dictionary(grouping: reports, by: \.partition)
            for (partition, partitionReports) in byPartition {
                #expect(
                    partitionReports.map(\.offset).sorted() == Array(0..<Int64(partitionReports.count)),
                    "partition \(partition)"
                )
            }
            #expect(byPartition.count == 3, "100 keys spread over every partition")
            var partitionOfKey: [[UInt8]: Int32] = [:]
            for (message, report) in zip(messages, reports) {
                let partition = partitionOfKey[message.key!, default: report.partition]
                #expect(partition == report.partition, "key \(String(decoding: message.key!, as: UTF8.self))")
                partitionOfKey[message.key!] = report.partition
            }
        }
    }

    @Test("a single message is delivered to the partition asked for")
    func sendsOneMessageToFixedPartition() async throws {
        try await withTestTopic(partitions: 3) { topic in
            let producer = try KafkaProducer(configuration: testConfiguration, logger: testLogger())
            defer { producer.close() }

            let first = try await producer.send(OutgoingMessage(topic: topic, value: [1], partition: 2))
            let second = try await producer.send(OutgoingMessage(topic: topic, value: [2], partition: 2))

            #expect(first == DeliveryReport(topic: topic, partition: 2, offset: 0))
            #expect(second == DeliveryReport(topic: topic, partition: 2, offset: 1))
        }
    }

    @Test("sending after close throws closed, and close can be repeated")
    func sendAfterCloseThrows() async throws {
        let producer = try KafkaProducer(configuration: testConfiguration, logger: testLogger())
        producer.close()
        producer.close()

        let error = await #expect(throws: KafkaError.self) {
            try await producer.send(OutgoingMessage(topic: "suivi-test-unused", value: [1]))
        }
        #expect(error?.code == .closed)
    }

    @Test("a non-retriable broker error is thrown with librdkafka's error name (mock cluster)")
    func nonRetriableErrorSurfaces() async throws {
        let producer = try KafkaProducer(
            configuration: KafkaConfiguration(brokers: "", properties: ["test.mock.num.brokers": "1"]),
            logger: testLogger()
        )
        defer { producer.close() }
        let mock = try #require(producer.mockCluster)
        try mock.createTopic("mocked", partitions: 1)
        mock.failNext(.produce, with: ["TOPIC_AUTHORIZATION_FAILED"])

        let error = await #expect(throws: KafkaError.self) {
            try await producer.send([
                OutgoingMessage(topic: "mocked", value: [1], partition: 0),
                OutgoingMessage(topic: "mocked", value: [2], partition: 0),
            ])
        }

        #expect(error?.code == .delivery)
        #expect(error?.rdkafkaName == "TOPIC_AUTHORIZATION_FAILED")
        #expect(error?.failedMessageCount == 2)
        #expect(error?.message.contains("2 of 2 messages were not delivered") == true)
    }
}
