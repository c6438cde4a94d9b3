public import SuiviDomain
public import SuiviPostgres

/// The mandated report: `reports` (status, due session, what the submission drew on, the presentation),
/// and `report_deferrals` and `report_waivers`, one row per event, never overwritten.
public struct ReportProjection: Projection {
    public let name = "reports"

    public init() {}

    static let columns = [
        "report_id", "resolution", "title", "mandated_session", "due_session", "status", "mandated_at", "lead_office",
        "drafting_started_at", "document_symbol", "draws_on", "waived_at_submission", "submitted_at",
        "submitted_session", "presented_at", "presented_session", "presented_by", "version", "last_event_at",
    ]
    static let deferralColumns = [
        "event_id", "report_id", "version", "from_session", "to_session", "reason", "actor", "occurred_at",
        "recorded_at",
    ]
    static let waiverColumns = [
        "event_id", "report_id", "version", "consultation_id", "reason", "actor", "occurred_at", "recorded_at",
    ]

    public func apply(_ events: [RecordedEvent], connection: PostgresConnection, schema: String) throws {
        let mine = events.filter { $0.aggregate == .mandatedReport }
        guard !mine.isEmpty else { return }
        let writer = RowWriter(connection: connection, schema: schema)
        var rows: [String: RowWriter.Row] = [:]
        for row in try writer.load("reports", where: "report_id", in: Array(Set(mine.map(\.streamID)))) {
            rows[row["report_id"]?.stringValue ?? ""] = row
        }
        var changed: Set<String> = []
        var deferrals: [RowWriter.Row] = []
        var waivers: [RowWriter.Row] = []
        for recorded in mine {
            var ledger = recorded.ledgerColumns
            ledger["report_id"] = .string(recorded.streamID)
            switch recorded.event {
            case .reportDeferred(let deferred):
                ledger["from_session"] = .int(deferred.fromSession)
                ledger["to_session"] = .int(deferred.deferral.newSession)
                ledger["reason"] = .string(deferred.deferral.reason)
                deferrals.append(ledger)
            case .consultationWaived(let waived):
                ledger["consultation_id"] = .string(waived.waiver.consultationID)
                ledger["reason"] = .string(waived.waiver.reason)
                waivers.append(ledger)
            default:
                break
            }
            if let next = Self.apply(rows[recorded.streamID], recorded) {
                rows[recorded.streamID] = next
                changed.insert(recorded.streamID)
            }
        }
        try writer.upsert(
            "reports", key: ["report_id"], columns: Self.columns, rows: changed.sorted().compactMap { rows[$0] })
        try writer.insert("report_deferrals", columns: Self.deferralColumns, rows: deferrals)
        try writer.insert("report_waivers", columns: Self.waiverColumns, rows: waivers)
    }

    /// The report's row after one event (nil: the event does not change it).
    static func apply(_ current: RowWriter.Row?, _ recorded: RecordedEvent) -> RowWriter.Row? {
        let at = JSON.string(recorded.metadata.occurredAt.rfc3339)
        var row: RowWriter.Row
        var status = ReportStatus(rawValue: current?["status"]?.stringValue ?? "") ?? .mandated
        switch recorded.event {
        case .reportMandated(let mandated):
            let mandate = mandated.mandate
            row = [
                "report_id": .string(recorded.streamID), "resolution": .string(mandate.resolution),
                "title": .string(mandate.title), "mandated_session": .int(mandate.dueSession),
                "due_session": .int(mandate.dueSession), "mandated_at": at, "draws_on": .array([]),
                "waived_at_submission": .array([]),
            ]
            status = .mandated
        case .draftingStarted(let started):
            guard let current else { return nil }
            row = current
            row["lead_office"] = .string(started.drafting.leadOffice)
            row["drafting_started_at"] = at
            status = .drafting
        case .reportSubmitted(let submitted):
            guard let current else { return nil }
            row = current
            row["document_symbol"] = .string(submitted.submission.documentSymbol)
            row["draws_on"] = .strings(submitted.submission.drawsOn)
            row["waived_at_submission"] = .strings(submitted.waived)
            row["submitted_at"] = at
            row["submitted_session"] = .int(submitted.session)
            status = .submitted
        case .reportPresented(let presented):
            guard let current else { return nil }
            row = current
            row["presented_at"] = at
            row["presented_session"] = .int(presented.presentation.session)
            row["presented_by"] = .string(presented.presentation.presentedBy)
            status = .presented
        case .reportDeferred(let deferred):
            guard let current else { return nil }
            row = current
            row["due_session"] = .int(deferred.deferral.newSession)
        case .consultationWaived:
            guard let current else { return nil }
            row = current
        default:
            return nil
        }
        row["status"] = .string(status.rawValue)
        row["version"] = .int(recorded.version)
        row["last_event_at"] = at
        return row
    }
}
