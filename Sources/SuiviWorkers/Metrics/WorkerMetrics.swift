import SuiviApp
import CoreMetrics
import Logging
import SuiviDomain
import SuiviKafka
import SuiviStore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The metrics every worker's engine records (the decider's and the projector's own are in
/// ``DeciderMetrics`` and ``ProjectorMetrics``), through swift-metrics: whatever backend the process bootstrapped
/// (Prometheus in the worker executables, nothing elsewhere).
///
/// Cheap on the hot path: the loop reports once per poll (one atomic store) and once per committed batch
/// (a few counter increments and the next offsets); nothing is recorded per message.
final class WorkerMetrics: Sendable {
    private let processed: Counter
    private let deadLetters: Counter
    private let batchSize: Recorder
    private let batchDuration: CoreMetrics.Timer
    private let lastProcessed: Gauge
    private let lag: ConsumerLagMonitor?
    private let heartbeat: LoopHeartbeat

    /// - Parameters:
    ///   - worker: The `worker` label.
    ///   - topic: The topic the worker consumes, whose lag it reports.
    ///   - configuration: Where the broker is, for the lag.
    init(_ worker: WorkerKind, topic: String, configuration: SuiviConfiguration, logger: Logger) {
        let label = [("worker", worker.rawValue)]
        processed = Counter(label: MetricName.messagesProcessed, dimensions: label)
        deadLetters = Counter(label: MetricName.deadLetters, dimensions: label)
        batchSize = Recorder(label: MetricName.batchSize, dimensions: label, aggregate: true)
        batchDuration = CoreMetrics.Timer(label: MetricName.batchDuration, dimensions: label)
        lastProcessed = Gauge(label: MetricName.lastProcessed, dimensions: label)
        // Watermark requests cost a broker round trip each: only made when someone can read the result.
        lag = MetricsSetup.isServing
            ? ConsumerLagMonitor(worker: worker, topic: topic, kafka: configuration.kafka(clientID: "suivi-\(worker.rawValue)-lag"), logger: logger)
            : nil
        heartbeat = .shared
    }

    deinit {
        lag?.stop()
    }

    /// A poll completed (with or without messages): the loop is alive.
    func polled() {
        heartbeat.beat()
    }

    /// Partitions assigned, with the offset each starts at.
    func assigned(_ start: [TopicPartition: Int64]) {
        lag?.assigned(start)
    }

    /// Partitions revoked.
    func revoked(_ partitions: [TopicPartition]) {
        lag?.revoked(partitions)
    }

    /// A batch committed.
    /// - Parameters:
    ///   - messages: Messages in the batch.
    ///   - deadLetters: Messages dead-lettered (for the projector also events parked).
    ///   - next: The next offset per partition.
    ///   - started: When the batch's processing started.
    func committed(_ messages: Int, deadLetters: Int, next: [Int32: Int64], since started: ContinuousClock.Instant) {
        processed.increment(by: messages)
        if deadLetters > 0 { self.deadLetters.increment(by: deadLetters) }
        batchSize.record(messages)
        let (seconds, attoseconds) = (ContinuousClock.now - started).components
        batchDuration.recordNanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        lastProcessed.record(Double(now.tv_sec) + Double(now.tv_nsec) / 1e9)
        lag?.advanced(next)
        heartbeat.beat()
    }
}
