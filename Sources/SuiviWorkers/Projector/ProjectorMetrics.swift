import SuiviApp
import CoreMetrics
import SuiviStore

/// The projector's own metrics: events applied, and events skipped as already applied.
final class ProjectorMetrics: Sendable {
    private let applied: Counter
    private let skipped: Counter

    init() {
        let label = [("worker", WorkerKind.projector.rawValue)]
        applied = Counter(label: MetricName.eventsApplied, dimensions: label)
        skipped = Counter(label: MetricName.eventsSkipped, dimensions: label)
    }

    func projected(_ counts: ReadModelStore.Applied) {
        applied.increment(by: counts.applied)
        skipped.increment(by: counts.skipped)
    }
}
