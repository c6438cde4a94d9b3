public import SuiviDomain
public import SuiviPostgres

/// The `cases` read model: one row per assistance case, folded from its events in memory and written
/// once per batch; and, from the same fold, the batch's change to the per-State summary
/// (``StateSummaryChange``), since only here are a case's row before and after the batch both known.
public struct CaseProjection: Projection {
    public let name = "cases"

    public init() {}

    public func apply(_ events: [RecordedEvent], connection: PostgresConnection, schema: String) throws {
        let caseEvents = events.filter { $0.aggregate == .assistanceCase }
        guard !caseEvents.isEmpty else { return }
        let store = ReadModelStore(connection: connection, schema: schema)
        let before = try store.cases(Array(Set(caseEvents.map(\.streamID))))
        let (rows, changed, summary) = Self.fold(caseEvents, onto: before)
        try store.upsert(changed.sorted().compactMap { rows[$0] })
        try store.add(summary)
    }

    /// The batch folded onto the rows it touches: the rows after it, the cases it changed, and what it adds
    /// to the per-State summary.
    static func fold(
        _ caseEvents: [RecordedEvent], onto before: [String: CaseRow]
    ) -> (rows: [String: CaseRow], changed: Set<String>, summary: StateSummaryChange) {
        var rows = before
        var changed: Set<String> = []
        var summary = StateSummaryChange()
        for event in caseEvents {
            let current = rows[event.streamID]
            if let current, event.version <= current.version { continue }
            if let next = CaseRow.apply(current, event) {
                rows[event.streamID] = next
                changed.insert(event.streamID)
                summary.recorded(event, state: next.state)
            }
        }
        for id in changed {
            if let after = rows[id] { summary.caseChanged(from: before[id], to: after) }
        }
        return (rows, changed, summary)
    }
}
