import SuiviApp
import CoreMetrics
import SuiviDomain
import SuiviStore

/// The decider's own metrics: outcomes by status, events appended, and its held commands.
final class DeciderMetrics: Sendable {
    private let accepted: Counter
    private let rejected: Counter
    private let invalid: Counter
    private let appended: Counter
    private let held: Gauge
    private let heldOldest: Gauge

    init(dependencyWaitMicroseconds: Int64) {
        let label = [("worker", WorkerKind.decider.rawValue)]
        accepted = Counter(label: MetricName.commandsAccepted, dimensions: label)
        rejected = Counter(label: MetricName.commandsRejected, dimensions: label)
        invalid = Counter(label: MetricName.commandsInvalid, dimensions: label)
        appended = Counter(label: MetricName.eventsAppended, dimensions: label)
        held = Gauge(label: MetricName.commandsHeld, dimensions: label)
        heldOldest = Gauge(label: MetricName.heldOldestSeconds, dimensions: label)
        Gauge(label: MetricName.dependencyWait, dimensions: label).record(Double(dependencyWaitMicroseconds) / 1e6)
    }

    /// A batch's answers (a duplicate reporting its original outcome included) and events appended.
    func decided(_ answers: [CommandProcessor.Answer], events: Int) {
        var counts: [CommandOutcome.Status: Int] = [:]
        for answer in answers { counts[answer.outcome.status, default: 0] += 1 }
        accepted.increment(by: counts[.accepted] ?? 0)
        rejected.increment(by: counts[.rejected] ?? 0)
        if let count = counts[.invalid] { invalid.increment(by: count) }
        appended.increment(by: events)
    }

    /// The held commands after a batch: how many, and since when the oldest waits.
    func holding(_ count: Int, oldest: Timestamp?, now: Timestamp) {
        held.record(count)
        heldOldest.record(oldest.map { Double(max(0, now.microseconds - $0.microseconds)) / 1e6 } ?? 0)
    }
}
