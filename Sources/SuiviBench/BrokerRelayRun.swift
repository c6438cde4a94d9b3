import Foundation
import Logging
import SuiviKafka

/// The broker's own share of the end-to-end latency, measured in the same run: the latency run's
/// commands, offered at the same rate, through two bare hops of the same Kafka clients with the workers'
/// settings, and nothing else. A relay thread consumes a topic and hands each record to a producer for a
/// second topic as soon as it arrives; a sink thread consumes that one. No decoding, no decision, no
/// PostgreSQL.
///
/// A command reaches the read models over the same two hops (commands topic to the decider, events topic
/// to the projector), so this is a floor under the end-to-end figures: what Suivi's pipeline could reach
/// if deciding, storing and projecting took no time at all.
struct BrokerRelayRun {
    struct Result {
        var p50: Double
        var p95: Double
        var p99: Double
        var matched: Int
        var offeredRate: Double
    }

    /// Records sent and awaited before the measured ones: the clients' connections and metadata are then
    /// warm, as the workers' are when the latency run starts.
    static let warmUp = 200

    let bench: Bench
    let producer: KafkaProducer
    /// The latency run's commands: the records' keys and sizes.
    let messages: [Workload.Message]

    func run() throws -> Result {
        guard !messages.isEmpty else { return Result(p50: 0, p95: 0, p99: 0, matched: 0, offeredRate: 0) }
        let hops = ["bench-\(bench.tag).relay-in", "bench-\(bench.tag).relay-out"]
        let (configuration, logger, partitions) = (bench.configuration, bench.logger, bench.base.partitions)
        let admin = try KafkaAdmin(configuration: configuration.kafka(clientID: "suivi-bench-relay"), logger: logger)
        try admin.createTopics(hops.map { TopicSpec(name: $0, partitions: partitions) })
        defer { try? admin.deleteTopics(hops) }

        // Each record's value is its index (8 bytes, big-endian) then the command's bytes.
        let total = Self.warmUp + messages.count
        let records = (0..<total).map { index in
            let message = messages[index % messages.count]
            return OutgoingMessage(
                topic: hops[0], key: message.key,
                value: withUnsafeBytes(of: UInt64(index).bigEndian, Array.init) + message.value)
        }
        let arrivedAt = Shared([Double](repeating: .nan, count: total))
        let arrivals = Shared(0)
        let stop = Shared(false)
        let ready = Shared(0)
        let failure = Shared<[any Error]>([])

        @Sendable func consumer(of topic: String, clientID: String) throws -> KafkaConsumer {
            let consumer = try KafkaConsumer(configuration: configuration.kafka(clientID: clientID), logger: logger)
            try consumer.assign(
                (0..<partitions).map {
                    TopicPartitionOffset(topic: topic, partition: $0, offset: TopicPartitionOffset.beginning)
                })
            return consumer
        }
        let relay = Thread { [producer] in
            do {
                let consumer = try consumer(of: hops[0], clientID: "suivi-bench-relay")
                defer { consumer.close() }
                ready.update { $0 += 1 }
                var pending: [PendingDelivery] = []
                while !stop.read({ $0 }) {
                    let taken = try consumer.poll(maxMessages: 5_000, timeout: .milliseconds(20))
                    guard !taken.isEmpty else { continue }
                    let forward = taken.map { OutgoingMessage(topic: hops[1], key: $0.key, value: $0.value) }
                    pending.append(try blocking { try await producer.enqueue(forward) })
                }
                for delivery in pending { _ = try blocking { try await delivery.reports() } }
            } catch {
                failure.update { $0.append(error) }
            }
        }
        let sink = Thread {
            do {
                let consumer = try consumer(of: hops[1], clientID: "suivi-bench-sink")
                defer { consumer.close() }
                ready.update { $0 += 1 }
                while !stop.read({ $0 }) {
                    let taken = try consumer.poll(maxMessages: 5_000, timeout: .milliseconds(20))
                    let time = now()
                    guard !taken.isEmpty else { continue }
                    arrivedAt.update { arrived in
                        for message in taken where message.value.count >= 8 {
                            let index = message.value.prefix(8).reduce(0) { $0 << 8 | Int($1) }
                            if index < arrived.count { arrived[index] = time }
                        }
                    }
                    arrivals.update { $0 += taken.count }
                }
            } catch {
                failure.update { $0.append(error) }
            }
        }
        relay.start()
        sink.start()
        defer {
            stop.update { $0 = true }
            while relay.isExecuting || sink.isExecuting { Thread.sleep(forTimeInterval: 0.01) }
        }
        func waitFor(_ count: Int, within seconds: Double) throws {
            let deadline = now() + seconds
            while arrivals.read({ $0 }) < count && now() < deadline {
                if let error = failure.read({ $0.first }) { throw error }
                Thread.sleep(forTimeInterval: 0.01)
            }
        }
        while ready.read({ $0 }) < 2 && failure.read({ $0.isEmpty }) { Thread.sleep(forTimeInterval: 0.01) }
        Thread.sleep(forTimeInterval: 0.5)
        _ = try blocking { [producer] in try await producer.send(Array(records[..<Self.warmUp])) }
        try waitFor(Self.warmUp, within: 30)

        let sender = PacedSender(producer: producer, rate: Double(bench.options.rate))
        let (handedAt, offeredRate) = try sender.send(Array(records[Self.warmUp...]))
        try waitFor(total, within: 60)
        if let error = failure.read({ $0.first }) { throw error }

        let arrived = arrivedAt.read { $0 }
        var latencies: [Double] = []
        latencies.reserveCapacity(messages.count)
        for (offset, handed) in handedAt.enumerated() where !arrived[Self.warmUp + offset].isNaN {
            latencies.append((arrived[Self.warmUp + offset] - handed) * 1000)
        }
        latencies.sort()
        return Result(
            p50: LatencyRun.percentile(latencies, 0.50), p95: LatencyRun.percentile(latencies, 0.95),
            p99: LatencyRun.percentile(latencies, 0.99), matched: latencies.count, offeredRate: offeredRate)
    }
}
