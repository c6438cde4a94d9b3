public import SuiviDomain
public import SuiviPostgres

/// The `activities` read model: every activity delivered, with the consent it relied on. A correction is
/// a row of its own whose `corrects` names the activity it corrects; nothing is overwritten.
public struct ActivityProjection: Projection {
    public let name = "activities"

    public init() {}

    static let columns = [
        "case_id", "activity_id", "event_id", "version", "kind", "title", "start_date", "end_date", "provider",
        "provider_office", "participants", "capacities", "corrects", "consent_id", "description", "actor",
        "actor_role", "on_behalf_of", "command_id", "occurred_at", "recorded_at",
    ]

    public func apply(_ events: [RecordedEvent], connection: PostgresConnection, schema: String) throws {
        let rows = events.compactMap { recorded -> RowWriter.Row? in
            guard case .activityRecorded(let recordedActivity) = recorded.event else { return nil }
            let activity = recordedActivity.activity
            var row = recorded.ledgerColumns
            row.merge([
                "case_id": .string(recorded.streamID), "activity_id": .string(activity.activityID),
                "kind": .string(activity.kind.rawValue), "title": .string(activity.title),
                "start_date": .string(activity.startDate.description),
                "end_date": .string(activity.endDate.description),
                "provider": .string(activity.provider.rawValue), "provider_office": .optional(activity.providerOffice),
                "participants": .int(activity.participants), "capacities": .codes(activity.capacities ?? []),
                "corrects": .optional(activity.corrects), "consent_id": .string(recordedActivity.consentID),
                "description": .optional(activity.description),
            ]) { $1 }
            return row
        }
        try RowWriter(connection: connection, schema: schema).insert("activities", columns: Self.columns, rows: rows)
    }
}
