/// Which worker a process runs: the value of the `worker` label on every metric it serves.
public enum WorkerKind: String, Sendable, Hashable, CaseIterable {
    case decider
    case projector

    /// The worker that an executable named `suivi-decider` or `suivi-projector` runs.
    public init?(executable name: String) {
        switch name {
        case "suivi-decider": self = .decider
        case "suivi-projector": self = .projector
        default: return nil
        }
    }

    /// The port of the metrics endpoint unless `SUIVI_METRICS_PORT` says otherwise: one per worker, so that
    /// both run side by side on one machine.
    public var defaultMetricsPort: Int {
        switch self {
        case .decider: 9464
        case .projector: 9465
        }
    }
}
