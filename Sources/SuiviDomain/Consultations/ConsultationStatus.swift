/// Where a regional consultation stands: `scheduled` -> `held` -> `summaryPublished`, or `cancelled`.
public enum ConsultationStatus: String, Sendable, Hashable, CaseIterable {
    case scheduled
    case held
    case summaryPublished = "summary-published"
    case cancelled
}
