public import SuiviDomain
public import SuiviPostgres

/// The `decisions` read model: every approval (with the consent it relied on) and every decline, with who
/// decided and why. Rows are only ever added.
public struct DecisionProjection: Projection {
    public let name = "decisions"

    public init() {}

    /// The columns written, in the order ``apply(_:connection:schema:)`` writes them.
    static let columns = [
        "case_id", "outcome", "decided_by_name", "decided_by_office", "reason", "activity_kinds", "providers",
        "consent_id",
    ] + RecordedEvent.ledgerColumnNames

    public func apply(_ events: [RecordedEvent], connection: PostgresConnection, schema: String) throws {
        var rows = CopyRows(columns: Self.columns.count)
        for recorded in events {
            let decision: DecideAssistance
            switch recorded.event {
            case .assistanceApproved(let approved): decision = approved.decision
            case .assistanceDeclined(let declined): decision = declined.decision
            default: continue
            }
            rows.add(recorded.streamID)
            rows.add(decision.outcome.rawValue)
            rows.add(decision.decidedBy.name)
            rows.add(decision.decidedBy.office)
            rows.add(decision.reason)
            rows.add(array: (decision.activityKinds ?? []).lazy.map(\.rawValue))
            rows.add(array: (decision.providers ?? []).lazy.map(\.rawValue))
            rows.add(recorded.event.consentID)
            recorded.addLedgerColumns(to: &rows)
            rows.endRow()
        }
        try RowWriter(connection: connection, schema: schema).merge(
            "decisions", columns: Self.columns, rows: rows, conflict: .ignore)
    }
}
