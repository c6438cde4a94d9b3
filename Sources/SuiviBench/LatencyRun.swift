import Foundation
import Logging
import SuiviDomain
import SuiviKafka
import SuiviPostgres

/// Publishes commands at a fixed rate and measures, for each, the time until the projector has
/// committed its event: the projector's offsets are committed in the same transaction as the read
/// models, so an event at offset o is visible once the stored next offset of its partition passes o.
/// A consumer of the events topic maps (partition, offset) to the command; a poller samples the offsets.
///
/// Each latency is also split into three legs, so that a slow run says where its time went:
/// publish to the decider's clock reading for the batch (the event's `recordedat`: producer
/// acknowledgement, broker, the decider's fetch and the batches ahead of it), from there to the event
/// reaching this process's consumer of the events topic (decisions, the store's transaction, publishing),
/// and from there to visible in the read models (the projector's fetch and transaction).
final class LatencyRun {
    /// Percentiles of one leg, in milliseconds.
    struct Leg {
        var name: String
        var p50: Double
        var p99: Double
    }

    struct Result {
        var p50: Double
        var p95: Double
        var p99: Double
        var legs: [Leg]
        var matched: Int
        var offeredRate: Double
        var pollMilliseconds: Double
    }

    private let bench: Bench
    private let database: PostgresConnection
    private let producer: KafkaProducer
    private let messages: [Workload.Message]

    init(bench: Bench, database: PostgresConnection, producer: KafkaProducer, messages: [Workload.Message]) {
        self.bench = bench
        self.database = database
        self.producer = producer
        self.messages = messages
    }

    func run() throws -> Result {
        let configuration = bench.configuration
        let logger = bench.logger
        let partitions = bench.base.partitions
        let expected = messages.count
        var startOffsets: [Int32: Int64] = [:]
        for row in try database.query(
            """
            SELECT partition, next_offset FROM suivi_read.projector_offsets
            WHERE group_id = \(configuration.projectorGroup) AND topic = \(configuration.topics.events)
            """
        ).rows {
            startOffsets[Int32(try row.int("partition"))] = try row.int("next_offset")
        }
        let frozenStart = startOffsets
        let stop = Shared(false)
        // Wall-clock seconds for the legs (`recordedat` is the decider's wall clock, on this machine).
        let wallOffset = wallClock() - now()
        let seen = Shared<[(partition: Int32, offset: Int64, command: String, recorded: Double, arrived: Double)]>([])
        let samples = Shared<[(time: Double, offsets: [Int32: Int64])]>([])
        let consumerThread = Thread {
            do {
                let consumer = try KafkaConsumer(
                    configuration: configuration.kafka(clientID: "suivi-bench-latency"), logger: logger)
                defer { consumer.close() }
                try consumer.assign(
                    (0..<partitions).map {
                        TopicPartitionOffset(
                            topic: configuration.topics.events, partition: $0,
                            offset: frozenStart[$0] ?? TopicPartitionOffset.beginning)
                    })
                while !stop.read({ $0 }) {
                    let messages = try consumer.poll(maxMessages: 5_000, timeout: .milliseconds(20))
                    let arrived = now() + wallOffset
                    for message in messages {
                        if case .success(let event) = EventEnvelope.decode(message.value) {
                            let recorded = Double(event.metadata.recordedAt.microseconds) / 1e6
                            seen.update {
                                $0.append((message.partition, message.offset, event.metadata.commandID, recorded, arrived))
                            }
                        }
                    }
                }
            } catch {
                logger.error("latency consumer failed", metadata: ["error": "\(error)"])
            }
        }
        let pollerThread = Thread {
            do {
                let connection = try PostgresConnection(
                    connectionString: configuration.databaseURL, applicationName: "suivi-bench-poller", logger: logger)
                defer { connection.close() }
                while !stop.read({ $0 }) {
                    var offsets: [Int32: Int64] = [:]
                    for row in try connection.query(
                        """
                        SELECT partition, next_offset FROM suivi_read.projector_offsets
                        WHERE group_id = \(configuration.projectorGroup) AND topic = \(configuration.topics.events)
                        """
                    ).rows {
                        offsets[Int32(try row.int("partition"))] = try row.int("next_offset")
                    }
                    let time = now()
                    samples.update { $0.append((time, offsets)) }
                    Thread.sleep(forTimeInterval: 0.002)
                }
            } catch {
                logger.error("latency poller failed", metadata: ["error": "\(error)"])
            }
        }
        consumerThread.start()
        pollerThread.start()
        Thread.sleep(forTimeInterval: 0.5)

        let topic = configuration.topics.commands
        let (handedAt, offeredRate) = try PacedSender(producer: producer, rate: Double(bench.options.rate)).send(
            messages.map { OutgoingMessage(topic: topic, key: $0.key, value: $0.value) })
        var sentAt: [String: Double] = [:]
        sentAt.reserveCapacity(expected)
        for (message, time) in zip(messages, handedAt) { sentAt[message.id] = time }

        // Wait until every event is seen and visible.
        let deadline = now() + 60
        func visibleCount() -> Int {
            guard let last = samples.read({ $0.last }) else { return 0 }
            return seen.read { $0.filter { (last.offsets[$0.partition] ?? 0) > $0.offset }.count }
        }
        while now() < deadline && (seen.read { $0.count } < expected || visibleCount() < expected) {
            Thread.sleep(forTimeInterval: 0.05)
        }
        stop.update { $0 = true }
        while consumerThread.isExecuting || pollerThread.isExecuting { Thread.sleep(forTimeInterval: 0.01) }

        let allSamples = samples.read { $0 }
        var byPartition: [Int32: [(Double, Int64)]] = [:]
        for sample in allSamples {
            for (partition, offset) in sample.offsets {
                byPartition[partition, default: []].append((sample.time, offset))
            }
        }
        var latencies: [Double] = []
        var toDecider: [Double] = []
        var decided: [Double] = []
        var projected: [Double] = []
        for event in seen.read({ $0 }) {
            guard let sentTime = sentAt[event.command], let series = byPartition[event.partition] else { continue }
            let sentWall = sentTime + wallOffset
            var low = 0
            var high = series.count
            while low < high {
                let middle = (low + high) / 2
                if series[middle].1 > event.offset { high = middle } else { low = middle + 1 }
            }
            if low < series.count {
                latencies.append((series[low].0 - sentTime) * 1000)
                toDecider.append((event.recorded - sentWall) * 1000)
                decided.append((event.arrived - event.recorded) * 1000)
                projected.append((series[low].0 + wallOffset - event.arrived) * 1000)
            }
        }
        func leg(_ name: String, _ values: [Double]) -> Leg {
            let sorted = values.sorted()
            return Leg(name: name, p50: Self.percentile(sorted, 0.50), p99: Self.percentile(sorted, 0.99))
        }
        latencies.sort()
        let span = (allSamples.last?.time ?? 0) - (allSamples.first?.time ?? 0)
        return Result(
            p50: Self.percentile(latencies, 0.50), p95: Self.percentile(latencies, 0.95),
            p99: Self.percentile(latencies, 0.99),
            legs: [
                leg("published -> decider's batch", toDecider), leg("decider's batch -> on the events topic", decided),
                leg("events topic -> visible in read models", projected),
            ],
            matched: latencies.count,
            offeredRate: offeredRate,
            pollMilliseconds: allSamples.count > 1 ? span * 1000 / Double(allSamples.count - 1) : 0)
    }

    /// The p-th percentile of values already sorted (nearest rank); infinity when there are none.
    static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return .infinity }
        return sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]
    }
}
