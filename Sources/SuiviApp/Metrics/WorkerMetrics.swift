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

/// The metrics a worker's loop records, through swift-metrics: whatever backend the process bootstrapped
/// (Prometheus in the worker executables, nothing elsewhere).
///
/// Cheap on the hot path: the loop reports once per poll (one atomic store) and once per committed batch
/// (a few counter increments and the next offsets); nothing is recorded per message.
final class WorkerMetrics: Sendable {
    private let processed: Counter
    private let deadLetters: Counter
    private let accepted: Counter?
    private let rejected: Counter?
    private let appended: Counter?
    private let applied: Counter?
    private let skipped: Counter?
    private let batchSize: Recorder
    private let batchDuration: CoreMetrics.Timer
    private let lastProcessed: Gauge
    private let held: Gauge?
    private let heldOldest: Gauge?
    private let invalid: Counter?
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
        let decider = worker == .decider
        accepted = decider ? Counter(label: MetricName.commandsAccepted, dimensions: label) : nil
        rejected = decider ? Counter(label: MetricName.commandsRejected, dimensions: label) : nil
        appended = decider ? Counter(label: MetricName.eventsAppended, dimensions: label) : nil
        applied = decider ? nil : Counter(label: MetricName.eventsApplied, dimensions: label)
        skipped = decider ? nil : Counter(label: MetricName.eventsSkipped, dimensions: label)
        batchSize = Recorder(label: MetricName.batchSize, dimensions: label, aggregate: true)
        batchDuration = CoreMetrics.Timer(label: MetricName.batchDuration, dimensions: label)
        lastProcessed = Gauge(label: MetricName.lastProcessed, dimensions: label)
        held = decider ? Gauge(label: MetricName.commandsHeld, dimensions: label) : nil
        heldOldest = decider ? Gauge(label: MetricName.heldOldestSeconds, dimensions: label) : nil
        invalid = decider ? Counter(label: MetricName.commandsInvalid, dimensions: label) : nil
        if decider {
            Gauge(label: MetricName.dependencyWait, dimensions: label)
                .record(Double(configuration.dependencyWaitMicroseconds) / 1e6)
        }
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

    /// A decider batch committed and published.
    /// - Parameters:
    ///   - messages: Messages in the batch.
    ///   - answers: One per decoded command, with its outcome.
    ///   - events: Events appended.
    ///   - deadLetters: Messages dead-lettered.
    ///   - next: The next offset per partition.
    ///   - started: When the batch's processing started.
    func decided(
        _ messages: Int, answers: [CommandProcessor.Answer], events: Int, deadLetters: Int, next: [Int32: Int64],
        since started: ContinuousClock.Instant
    ) {
        var acceptedCount = 0
        var invalidCount = 0
        for answer in answers {
            if answer.outcome.status == .accepted { acceptedCount += 1 }
            if answer.outcome.status == .invalid { invalidCount += 1 }
        }
        accepted?.increment(by: acceptedCount)
        rejected?.increment(by: answers.count - acceptedCount - invalidCount)
        if invalidCount > 0 { invalid?.increment(by: invalidCount) }
        appended?.increment(by: events)
        batch(messages, deadLetters: deadLetters, next: next, since: started)
    }

    /// The decider's held commands after a batch: how many, and since when the oldest waits.
    func holding(_ count: Int, oldest: Timestamp?, now: Timestamp) {
        held?.record(count)
        heldOldest?.record(oldest.map { Double(max(0, now.microseconds - $0.microseconds)) / 1e6 } ?? 0)
    }

    /// A projector batch committed.
    /// - Parameters:
    ///   - messages: Messages in the batch.
    ///   - counts: Events applied and skipped.
    ///   - deadLetters: Messages dead-lettered.
    ///   - next: The next offset per partition.
    ///   - started: When the batch's processing started.
    func projected(
        _ messages: Int, counts: ReadModelStore.Applied, deadLetters: Int, next: [Int32: Int64],
        since started: ContinuousClock.Instant
    ) {
        applied?.increment(by: counts.applied)
        skipped?.increment(by: counts.skipped)
        batch(messages, deadLetters: deadLetters, next: next, since: started)
    }

    private func batch(_ messages: Int, deadLetters: Int, next: [Int32: Int64], since started: ContinuousClock.Instant) {
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
