internal import SuiviDomain
internal import SuiviPostgres

extension ReadModelStore {
    /// The columns of `state_summary` a batch adds to, in the order ``add(_:to:)`` stages them.
    static let stateSummaryColumns = [
        "state", "cases", "requested", "consented", "active", "suspended", "declined", "closed", "decisions", "activities",
        "last_activity_on",
    ]

    /// Stages a batch's change to `state_summary` (written with the batch's other rows, inside its
    /// transaction): one statement, the rows locked in State order so that two projectors' batches never
    /// wait for each other in a cycle.
    func add(_ change: StateSummaryChange, to writer: inout RowWriter) {
        let changed = change.changed
        guard !changed.isEmpty else { return }
        var rows = CopyRows(columns: Self.stateSummaryColumns.count, reservingBytes: changed.count * 48)
        for (state, figures) in changed {
            rows.add(state)
            rows.add(figures.cases)
            for status in [CaseStatus.requested, .consented, .active, .suspended, .declined, .closed] {
                rows.add(figures.statuses[status.rawValue, default: 0])
            }
            rows.add(figures.decisions)
            rows.add(figures.activities)
            rows.add(figures.lastActivityOn?.description)
            rows.endRow()
        }
        let columns = Self.stateSummaryColumns
        writer.merge("state_summary", columns: columns, rows: rows) { [schema] staged in
            """
            INSERT INTO \(schema).state_summary AS s (\(columns.joined(separator: ", ")))
            SELECT \(columns.joined(separator: ", ")) FROM \(staged)
            ORDER BY state
            ON CONFLICT (state) DO UPDATE SET
                cases = s.cases + EXCLUDED.cases, requested = s.requested + EXCLUDED.requested,
                consented = s.consented + EXCLUDED.consented, active = s.active + EXCLUDED.active,
                suspended = s.suspended + EXCLUDED.suspended, declined = s.declined + EXCLUDED.declined,
                closed = s.closed + EXCLUDED.closed, decisions = s.decisions + EXCLUDED.decisions,
                activities = s.activities + EXCLUDED.activities,
                last_activity_on = greatest(s.last_activity_on, EXCLUDED.last_activity_on), updated_at = now()
            """
        }
    }
}
