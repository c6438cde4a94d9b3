internal import SuiviDomain
internal import SuiviPostgres

extension ReadModelStore {
    /// Adds a batch's change to `state_summary` (inside the batch's transaction): one statement, the rows
    /// locked in State order so that two projectors' batches never wait for each other in a cycle.
    public func add(_ change: StateSummaryChange) throws {
        let changed = change.changed
        guard !changed.isEmpty else { return }
        func column(_ value: (StateSummaryChange.Figures) -> Int) -> PostgresValue {
            .intArray(changed.map { Int64(value($0.figures)) })
        }
        func status(_ status: CaseStatus) -> PostgresValue { column { $0.statuses[status.rawValue, default: 0] } }
        do {
            try connection.query(
            """
            INSERT INTO \(unescaped: schema).state_summary AS s
                (state, cases, requested, consented, active, suspended, declined, closed, decisions, activities, last_activity_on)
            SELECT * FROM unnest(
                \(.textArray(changed.map(\.state)))::text[], \(column { $0.cases })::int[],
                \(status(.requested))::int[], \(status(.consented))::int[], \(status(.active))::int[],
                \(status(.suspended))::int[], \(status(.declined))::int[], \(status(.closed))::int[],
                \(column { $0.decisions })::int[], \(column { $0.activities })::int[],
                \(.textArray(changed.map { $0.figures.lastActivityOn?.description }))::date[])
                AS c(state, cases, requested, consented, active, suspended, declined, closed, decisions, activities, last_activity_on)
            ORDER BY state
            ON CONFLICT (state) DO UPDATE SET
                cases = s.cases + EXCLUDED.cases, requested = s.requested + EXCLUDED.requested,
                consented = s.consented + EXCLUDED.consented, active = s.active + EXCLUDED.active,
                suspended = s.suspended + EXCLUDED.suspended, declined = s.declined + EXCLUDED.declined,
                closed = s.closed + EXCLUDED.closed, decisions = s.decisions + EXCLUDED.decisions,
                activities = s.activities + EXCLUDED.activities,
                last_activity_on = greatest(s.last_activity_on, EXCLUDED.last_activity_on), updated_at = now()
            """)
        } catch {
            throw StoreError.wrap(error)
        }
    }
}
