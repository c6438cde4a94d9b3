public import SuiviDomain
public import SuiviPostgres

/// The `activities` read model: every activity delivered, with the consent it relied on. A correction is
/// a row of its own whose `corrects` names the activity it corrects; nothing is overwritten.
public struct ActivityProjection: Projection {
    public let name = "activities"

    public init() {}

    /// The columns written, in the order ``row(_:_:into:)`` writes them.
    static let columns = [
        "case_id", "activity_id", "kind", "title", "start_date", "end_date", "provider", "provider_office",
        "participants", "capacities", "corrects", "consent_id", "description",
    ] + RecordedEvent.ledgerColumnNames

    public func apply(_ events: [RecordedEvent], connection: PostgresConnection, schema: String) throws {
        var rows = CopyRows(columns: Self.columns.count, reservingBytes: events.count * 400)
        for recorded in events {
            guard case .activityRecorded(let recordedActivity) = recorded.event else { continue }
            Self.row(recorded, recordedActivity, into: &rows)
        }
        try RowWriter(connection: connection, schema: schema).merge(
            "activities", columns: Self.columns, rows: rows, conflict: .ignore)
    }

    static func row(_ recorded: RecordedEvent, _ recordedActivity: ActivityRecorded, into rows: inout CopyRows) {
        let activity = recordedActivity.activity
        rows.add(recorded.streamID)
        rows.add(activity.activityID)
        rows.add(activity.kind.rawValue)
        rows.add(activity.title)
        rows.add(activity.startDate.description)
        rows.add(activity.endDate.description)
        rows.add(activity.provider.rawValue)
        rows.add(activity.providerOffice)
        rows.add(activity.participants)
        rows.add(array: (activity.capacities ?? []).lazy.map(\.rawValue))
        rows.add(activity.corrects)
        rows.add(recordedActivity.consentID)
        rows.add(activity.description)
        recorded.addLedgerColumns(to: &rows)
        rows.endRow()
    }
}
