public import SuiviDomain
public import SuiviPostgres

/// The `decisions` read model: every approval (with the consent it relied on) and every decline, with who
/// decided and why. Rows are only ever added.
public struct DecisionProjection: Projection {
    public let name = "decisions"

    public init() {}

    static let columns = [
        "event_id", "case_id", "version", "outcome", "decided_by_name", "decided_by_office", "reason",
        "activity_kinds", "providers", "consent_id", "actor", "actor_role", "on_behalf_of", "command_id",
        "occurred_at", "recorded_at",
    ]

    public func apply(_ events: [RecordedEvent], connection: PostgresConnection, schema: String) throws {
        let rows = events.compactMap { recorded -> RowWriter.Row? in
            let decision: DecideAssistance
            switch recorded.event {
            case .assistanceApproved(let approved): decision = approved.decision
            case .assistanceDeclined(let declined): decision = declined.decision
            default: return nil
            }
            var row = recorded.ledgerColumns
            row.merge([
                "case_id": .string(recorded.streamID), "outcome": .string(decision.outcome.rawValue),
                "decided_by_name": .string(decision.decidedBy.name),
                "decided_by_office": .string(decision.decidedBy.office),
                "reason": .string(decision.reason), "activity_kinds": .codes(decision.activityKinds ?? []),
                "providers": .codes(decision.providers ?? []), "consent_id": .optional(recorded.event.consentID),
            ]) { $1 }
            return row
        }
        try RowWriter(connection: connection, schema: schema).insert("decisions", columns: Self.columns, rows: rows)
    }
}
