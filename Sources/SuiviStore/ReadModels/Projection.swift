public import SuiviDomain
internal import SuiviPostgres

/// One read model: how a batch of new events changes its tables.
///
/// Projections receive only events not applied before (``ReadModelStore`` filters them by stream
/// version), in stream order, read what they fold onto through the writer's connection, and stage their
/// rows in the writer, which sends every projection's rows of a batch at once in the caller's transaction.
public protocol Projection: Sendable {
    /// A short name for logs.
    var name: String { get }
    /// Stages what new events change in the tables of the writer's schema.
    func apply(_ events: [RecordedEvent], writer: inout RowWriter) throws
}

/// Every projection the projector maintains, in the order they run.
public enum Projections {
    /// ``ConsentProjection`` runs before ``CaseProjection``, which reads the current consent's validity.
    public static let all: [any Projection] = [
        ConsentProjection(), CaseProjection(), DecisionProjection(), ActivityProjection(),
        NationalConsultationProjection(), RegionalConsultationProjection(), ReportProjection(),
    ]
}
