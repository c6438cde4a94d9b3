import SuiviApp
import SuiviThreads
import CoreMetrics
import Logging
import SuiviKafka
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Publishes `suivi_consumer_lag` per assigned partition: the broker's high watermark minus the next
/// offset the worker will process, refreshed every few seconds on a thread of its own.
///
/// The worker's loop only hands over its next offsets (a dictionary under a lock, once per batch); the
/// watermark requests, which block up to their timeout, happen here, never on the loop's thread.
///
/// Tansu 0.6, the local development broker, reports a partition's high watermark as the base offset of
/// its last record batch plus one, not as the offset after its last record: there the lag reads too low
/// (a backlog produced in large batches can read 0), and a computed negative lag is shown as 0. Apache
/// Kafka reports true watermarks.
final class ConsumerLagMonitor: Sendable {
    /// State shared with the refresh thread, which retains it until it ends.
    private final class Shared: Sendable {
        let worker: WorkerKind
        let topic: String
        let kafka: KafkaConfiguration
        let logger: Logger
        let interval: Duration
        /// The next offset to process, per assigned partition.
        let positions = Mutex<[Int32: Int64]>([:])
        let stopping = Atomic<Bool>(false)

        init(worker: WorkerKind, topic: String, kafka: KafkaConfiguration, logger: Logger, interval: Duration) {
            self.worker = worker
            self.topic = topic
            self.kafka = kafka
            self.logger = logger
            self.interval = interval
        }
    }

    private let shared: Shared

    /// Starts the refresh thread.
    /// - Parameters:
    ///   - worker: The `worker` label.
    ///   - topic: The topic the worker consumes.
    ///   - kafka: Where to ask for watermarks (a client of its own: its requests never wait behind the loop's).
    ///   - interval: Time between refreshes.
    init(worker: WorkerKind, topic: String, kafka: KafkaConfiguration, logger: Logger, interval: Duration = .seconds(5)) {
        shared = Shared(worker: worker, topic: topic, kafka: kafka, logger: logger, interval: interval)
        let shared = self.shared
        let result = DedicatedThread.detach { ConsumerLagMonitor.refreshLoop(shared) }
        if result != 0 {
            logger.warning("consumer lag will not be reported: cannot start its thread", metadata: ["error": "\(result)"])
        }
    }

    /// Partitions just assigned, with the offset the worker starts each at.
    func assigned(_ start: [TopicPartition: Int64]) {
        shared.positions.withLock { positions in
            for (partition, offset) in start { positions[partition.partition] = offset }
        }
    }

    /// Partitions taken away: their lag is no longer this worker's to report.
    func revoked(_ partitions: [TopicPartition]) {
        shared.positions.withLock { positions in
            for partition in partitions { positions[partition.partition] = nil }
        }
    }

    /// The next offsets after a committed batch.
    func advanced(_ next: [Int32: Int64]) {
        shared.positions.withLock { positions in
            for (partition, offset) in next { positions[partition] = max(positions[partition] ?? 0, offset) }
        }
    }

    /// Ends the refresh thread after its current step.
    func stop() {
        shared.stopping.store(true, ordering: .releasing)
    }

    deinit {
        stop()
    }

    private static func refreshLoop(_ shared: Shared) {
        var admin: KafkaAdmin?
        var gauges: [Int32: Gauge] = [:]
        defer { for gauge in gauges.values { gauge.destroy() } }
        let step: Duration = .milliseconds(100)
        while !shared.stopping.load(ordering: .acquiring) {
            var waited: Duration = .zero
            while waited < shared.interval && !shared.stopping.load(ordering: .acquiring) {
                usleep(100_000)
                waited += step
            }
            if shared.stopping.load(ordering: .acquiring) { return }
            do {
                if admin == nil { admin = try KafkaAdmin(configuration: shared.kafka, logger: shared.logger) }
                guard let admin else { continue }
                let positions = shared.positions.withLock { $0 }
                for partition in gauges.keys where positions[partition] == nil {
                    gauges.removeValue(forKey: partition)?.destroy()
                }
                for (partition, next) in positions.sorted(by: { $0.key < $1.key }) {
                    if shared.stopping.load(ordering: .acquiring) { return }
                    let high = try admin.watermarks(topic: shared.topic, partition: partition, timeout: .seconds(2)).high
                    let gauge = gauges[partition] ?? Gauge(label: MetricName.consumerLag, dimensions: [
                        ("worker", shared.worker.rawValue), ("topic", shared.topic), ("partition", String(partition)),
                    ])
                    gauges[partition] = gauge
                    gauge.record(max(0, high - next))
                }
            } catch {
                shared.logger.debug("consumer lag not refreshed", metadata: ["error": "\(error)"])
            }
        }
    }
}
