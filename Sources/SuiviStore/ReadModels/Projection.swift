public import SuiviDomain
public import SuiviPostgres

/// One read model: how a batch of new events changes its tables.
///
/// Projections receive only events not applied before (``ReadModelStore`` filters them by stream
/// version), in stream order, and write with batched statements in the caller's transaction.
public protocol Projection: Sendable {
    /// A short name for logs.
    var name: String { get }
    /// Applies new events to the tables of `schema`.
    func apply(_ events: [RecordedEvent], connection: PostgresConnection, schema: String) throws
}

/// Every projection the projector maintains, in the order they run.
public enum Projections {
    /// ``ConsentProjection`` runs before ``CaseProjection``, which reads the current consent's validity.
    /// ``CaseProjection`` runs last: it adds to the per-State summary, rows that every projector lane and
    /// instance updates and holds until its transaction commits, so the other lanes wait for them only at
    /// the end of their own work (docs/PERFORMANCE.md, "Projector lanes").
    public static let all: [any Projection] = [
        ConsentProjection(), DecisionProjection(), ActivityProjection(),
        NationalConsultationProjection(), RegionalConsultationProjection(), ReportProjection(), CaseProjection(),
    ]
}
