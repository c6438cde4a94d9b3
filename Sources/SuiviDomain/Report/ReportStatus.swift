/// Where the mandated report stands: `mandated` -> `drafting` -> `submitted` -> `presented`. A deferral
/// changes the due session, not the status.
public enum ReportStatus: String, Sendable, Hashable, CaseIterable {
    case mandated
    case drafting
    case submitted
    case presented
}
