import Synchronization
import Testing
@testable import SuiviKafka

@Suite("KafkaConsumer")
struct KafkaConsumerTests {
    @Test("messages read back by manual assignment keep their keys, values and headers")
    func readsBackWithManualAssignment() async throws {
        try await withTestTopic(partitions: 3) { topic in
            let producer = try KafkaProducer(configuration: testConfiguration, logger: testLogger())
            defer { producer.close() }
            var messages = sampleMessages(topic: topic, count: 10_000)
            // Edge cases: no key and no headers; an empty (not null) value.
            messages.append(OutgoingMessage(topic: topic, key: nil, value: [0xFF, 0x00]))
            messages.append(OutgoingMessage(topic: topic, key: [], value: []))
            let expectedCount = messages.count
            let reports = try await producer.send(messages)
            var sent: [TopicPartition: [Int64: OutgoingMessage]] = [:]
            for (message, report) in zip(messages, reports) {
                sent[TopicPartition(topic: topic, partition: report.partition), default: [:]][report.offset] = message
            }

            let consumer = try KafkaConsumer(configuration: testConfiguration, logger: testLogger())
            defer { consumer.close() }
            try consumer.assign(
                (0..<3).map { TopicPartitionOffset(topic: topic, partition: $0, offset: TopicPartitionOffset.beginning) }
            )
            let received = try await onDedicatedThread { try poll(consumer, until: expectedCount) }

            #expect(received.count == messages.count)
            var lastOffset: [Int32: Int64] = [:]
            var partitionOfKey: [[UInt8]: Int32] = [:]
            for message in received {
                let original = try #require(sent[TopicPartition(topic: message.topic, partition: message.partition)]?[message.offset])
                #expect(message.key == original.key)
                #expect(message.value == original.value)
                #expect(message.headers == original.headers)
                #expect(message.timestamp != nil)
                #expect(message.offset > lastOffset[message.partition, default: -1], "in order within a partition")
                lastOffset[message.partition] = message.offset
                if let key = message.key, !key.isEmpty {
                    #expect(partitionOfKey[key, default: message.partition] == message.partition)
                    partitionOfKey[key] = message.partition
                }
            }
            #expect(Set(received.map { "\($0.partition)/\($0.offset)" }).count == messages.count, "no duplicates")
        }
    }

    @Test("a group consumer starts each partition where the assignment handler says")
    func groupStartsAtHandlerOffsets() async throws {
        try await withTestTopic(partitions: 3) { topic in
            let producer = try KafkaProducer(configuration: testConfiguration, logger: testLogger())
            defer { producer.close() }
            var messages: [OutgoingMessage] = []
            for partition in Int32(0)..<3 {
                for index in 0..<30 {
                    messages.append(OutgoingMessage(topic: topic, value: Array("\(partition)-\(index)".utf8), partition: partition))
                }
            }
            _ = try await producer.send(messages)

            let assigned = Mutex<[TopicPartition]>([])
            let revoked = Mutex<[TopicPartition]>([])
            let consumer = try KafkaConsumer(
                configuration: testConfiguration,
                groupID: "suivi-test-group-\(topic)",
                logger: testLogger()
            )
            try consumer.subscribe(
                topics: [topic],
                onAssign: { partitions in
                    assigned.withLock { $0 += partitions }
                    return Dictionary(uniqueKeysWithValues: partitions.map { ($0, Int64(20)) })
                },
                onRevoke: { partitions in revoked.withLock { $0 += partitions } }
            )

            let (received, assignment) = try await onDedicatedThread {
                var received = try poll(consumer, until: 30)
                // Anything before offset 20 would show up here too.
                received += try consumer.poll(maxMessages: 1_000, timeout: .milliseconds(500))
                return (received, try consumer.assignment())
            }
            consumer.close()

            let partitions = Set((0..<3).map { TopicPartition(topic: topic, partition: $0) })
            #expect(Set(assigned.withLock { $0 }) == partitions)
            #expect(Set(assignment) == partitions)
            #expect(received.count == 30)
            #expect(received.allSatisfy { $0.offset >= 20 })
            #expect(
                Set(received.map { String(decoding: $0.value, as: UTF8.self) })
                    == Set((0..<3).flatMap { partition in (20..<30).map { "\(partition)-\($0)" } })
            )
            #expect(Set(revoked.withLock { $0 }) == partitions, "close revokes before leaving")
        }
    }

    @Test("a failing assignment handler is thrown from poll")
    func failingHandlerIsThrown() async throws {
        struct StoreDown: Error {}
        try await withTestTopic(partitions: 1) { topic in
            let consumer = try KafkaConsumer(
                configuration: testConfiguration,
                groupID: "suivi-test-group-\(topic)",
                logger: testLogger()
            )
            defer { consumer.close() }
            try consumer.subscribe(topics: [topic], onAssign: { _ in throw StoreDown() })

            let error = try await onDedicatedThread { () -> KafkaError? in
                for _ in 0..<300 {
                    do {
                        _ = try consumer.poll(maxMessages: 10, timeout: .milliseconds(200))
                    } catch let error as KafkaError {
                        return error
                    }
                }
                return nil
            }

            #expect(error?.code == .rebalance)
            #expect(error?.message.contains("StoreDown") == true)
        }
    }

    @Test("subscribe without a group id is refused with a configuration error")
    func subscribeNeedsGroup() throws {
        let consumer = try KafkaConsumer(configuration: testConfiguration, logger: testLogger())
        defer { consumer.close() }
        let error = #expect(throws: KafkaError.self) { try consumer.subscribe(topics: ["suivi-test-unused"]) }
        #expect(error?.code == .configuration)
    }

    @Test("committed offsets are where a new group member starts")
    func commitIsUsedByNextMember() async throws {
        try await withTestTopic(partitions: 1) { topic in
            let producer = try KafkaProducer(configuration: testConfiguration, logger: testLogger())
            defer { producer.close() }
            _ = try await producer.send((0..<10).map { OutgoingMessage(topic: topic, value: [UInt8($0)], partition: 0) })
            let group = "suivi-test-group-\(topic)"

            let first = try KafkaConsumer(configuration: testConfiguration, groupID: group, logger: testLogger())
            try first.subscribe(topics: [topic])
            let firstBatch = try await onDedicatedThread { try poll(first, until: 10) }
            try first.commit([TopicPartitionOffset(topic: topic, partition: 0, offset: 7)])
            first.close()

            let second = try KafkaConsumer(configuration: testConfiguration, groupID: group, logger: testLogger())
            defer { second.close() }
            try second.subscribe(topics: [topic])
            let secondBatch = try await onDedicatedThread { try poll(second, until: 3) }

            #expect(firstBatch.count == 10)
            #expect(secondBatch.map(\.offset) == [7, 8, 9])
        }
    }
}
