public import SuiviDomain
public import SuiviPostgres

/// The `regional_consultations` read model: one row per mandated regional consultation, from scheduled to
/// held (participants by category, good practices), summary published, or cancelled with the reason.
public struct RegionalConsultationProjection: Projection {
    public let name = "regional_consultations"

    public init() {}

    static let columns = [
        "consultation_id", "region", "title", "planned_date", "planned_modality", "planned_venue", "host", "status",
        "scheduled_at", "held_on", "ends_on", "modality", "venue", "participants_states", "participants_nhris",
        "participants_civil_society", "participants_un_entities", "participants_regional_mechanisms", "good_practices",
        "summary_reference", "summary_published_on", "summary", "cancelled_at", "cancellation_reason", "version",
        "last_event_at",
    ]

    public func apply(_ events: [RecordedEvent], connection: PostgresConnection, schema: String) throws {
        let mine = events.filter { $0.aggregate == .regionalConsultation }
        guard !mine.isEmpty else { return }
        let writer = RowWriter(connection: connection, schema: schema)
        var rows: [String: RowWriter.Row] = [:]
        for row in try writer.load(name, where: "consultation_id", in: Array(Set(mine.map(\.streamID)))) {
            rows[row["consultation_id"]?.stringValue ?? ""] = row
        }
        var changed: Set<String> = []
        for recorded in mine {
            if let next = Self.apply(rows[recorded.streamID], recorded) {
                rows[recorded.streamID] = next
                changed.insert(recorded.streamID)
            }
        }
        try writer.upsert(
            name, key: ["consultation_id"], columns: Self.columns, rows: changed.sorted().compactMap { rows[$0] })
    }

    /// The row after one event (nil: the event does not change this read model).
    static func apply(_ current: RowWriter.Row?, _ recorded: RecordedEvent) -> RowWriter.Row? {
        var row: RowWriter.Row
        switch recorded.event {
        case .consultationScheduled(let scheduled):
            let schedule = scheduled.schedule
            row = [
                "consultation_id": .string(recorded.streamID), "region": .string(schedule.region),
                "title": .string(schedule.title), "planned_date": .string(schedule.plannedDate.description),
                "planned_modality": .string(schedule.modality.rawValue), "planned_venue": .optional(schedule.venue),
                "host": .optional(schedule.host), "scheduled_at": .string(recorded.metadata.occurredAt.rfc3339),
                "good_practices": .array([]),
            ]
        case .consultationHeld(let held):
            guard let current else { return nil }
            let meeting = held.meeting
            row = current
            row.merge([
                "held_on": .string(meeting.heldOn.description), "ends_on": .optional(meeting.endsOn?.description),
                "modality": .string(meeting.modality.rawValue), "venue": .optional(meeting.venue),
                "participants_states": .int(meeting.participants.states),
                "participants_nhris": .int(meeting.participants.nhris),
                "participants_civil_society": .int(meeting.participants.civilSociety),
                "participants_un_entities": .int(meeting.participants.unEntities),
                "participants_regional_mechanisms": .int(meeting.participants.regionalMechanisms),
                "good_practices": .strings(meeting.goodPractices),
            ]) { $1 }
        case .consultationSummaryPublished(let published):
            guard let current else { return nil }
            row = current
            row["summary_reference"] = .string(published.summary.documentReference)
            row["summary_published_on"] = .string(published.summary.publishedOn.description)
            row["summary"] = .optional(published.summary.summary)
        case .consultationCancelled(let cancelled):
            guard let current else { return nil }
            row = current
            row["cancelled_at"] = .string(recorded.metadata.occurredAt.rfc3339)
            row["cancellation_reason"] = .string(cancelled.cancellation.reason)
        default:
            return nil
        }
        let status = ConsultationStatus(rawValue: current?["status"]?.stringValue ?? "") ?? .scheduled
        row["status"] = .string(Self.status(after: recorded.event, from: status).rawValue)
        row["version"] = .int(recorded.version)
        row["last_event_at"] = .string(recorded.metadata.occurredAt.rfc3339)
        return row
    }

    static func status(after event: DomainEvent, from status: ConsultationStatus) -> ConsultationStatus {
        switch event {
        case .consultationScheduled: .scheduled
        case .consultationHeld: .held
        case .consultationSummaryPublished: .summaryPublished
        case .consultationCancelled: .cancelled
        default: status
        }
    }
}
