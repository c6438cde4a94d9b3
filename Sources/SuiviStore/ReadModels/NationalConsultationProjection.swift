public import SuiviDomain
public import SuiviPostgres

/// The `national_consultations` read model: consultations held inside a case. Rows are only ever added.
public struct NationalConsultationProjection: Projection {
    public let name = "national_consultations"

    public init() {}

    /// The columns written, in the order ``apply(_:connection:schema:)`` writes them.
    static let columns = [
        "case_id", "consultation_id", "event_id", "held_on", "modality", "venue", "participants", "stakeholders",
        "summary", "actor", "occurred_at", "recorded_at",
    ]

    public func apply(_ events: [RecordedEvent], connection: PostgresConnection, schema: String) throws {
        var rows = CopyRows(columns: Self.columns.count)
        for recorded in events {
            guard case .nationalConsultationHeld(let held) = recorded.event else { continue }
            let consultation = held.consultation
            rows.add(recorded.streamID)
            rows.add(consultation.consultationID)
            rows.add(recorded.metadata.eventID)
            rows.add(consultation.heldOn.description)
            rows.add(consultation.modality.rawValue)
            rows.add(consultation.venue)
            rows.add(consultation.participants)
            rows.add(array: consultation.stakeholders.lazy.map(\.rawValue))
            rows.add(consultation.summary)
            rows.add(recorded.metadata.actor)
            rows.add(recorded.metadata.occurredAt.rfc3339)
            rows.add(recorded.metadata.recordedAt.rfc3339)
            rows.endRow()
        }
        try RowWriter(connection: connection, schema: schema).merge(
            "national_consultations", columns: Self.columns, rows: rows, conflict: .ignore)
    }
}
