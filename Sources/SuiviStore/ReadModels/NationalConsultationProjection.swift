public import SuiviDomain
public import SuiviPostgres

/// The `national_consultations` read model: consultations held inside a case. Rows are only ever added.
public struct NationalConsultationProjection: Projection {
    public let name = "national_consultations"

    public init() {}

    static let columns = [
        "case_id", "consultation_id", "event_id", "held_on", "modality", "venue", "participants", "stakeholders",
        "summary", "actor", "occurred_at", "recorded_at",
    ]

    public func apply(_ events: [RecordedEvent], connection: PostgresConnection, schema: String) throws {
        let rows = events.compactMap { recorded -> RowWriter.Row? in
            guard case .nationalConsultationHeld(let held) = recorded.event else { return nil }
            let consultation = held.consultation
            var row = recorded.ledgerColumns
            row.merge([
                "case_id": .string(recorded.streamID), "consultation_id": .string(consultation.consultationID),
                "held_on": .string(consultation.heldOn.description),
                "modality": .string(consultation.modality.rawValue),
                "venue": .optional(consultation.venue), "participants": .int(consultation.participants),
                "stakeholders": .codes(consultation.stakeholders), "summary": .optional(consultation.summary),
            ]) { $1 }
            return row
        }
        try RowWriter(connection: connection, schema: schema).insert(
            "national_consultations", columns: Self.columns, rows: rows)
    }
}
