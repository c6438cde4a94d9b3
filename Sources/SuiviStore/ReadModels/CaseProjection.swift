public import SuiviDomain
public import SuiviPostgres

/// The `cases` read model: one row per assistance case, folded from its events in memory and written
/// once per batch.
public struct CaseProjection: Projection {
    public let name = "cases"

    public init() {}

    public func apply(_ events: [RecordedEvent], connection: PostgresConnection, schema: String) throws {
        let caseEvents = events.filter { $0.aggregate == .assistanceCase }
        guard !caseEvents.isEmpty else { return }
        let store = ReadModelStore(connection: connection, schema: schema)
        var rows = try store.cases(Array(Set(caseEvents.map(\.streamID))))
        var changed: Set<String> = []
        for event in caseEvents {
            let current = rows[event.streamID]
            if let current, event.version <= current.version { continue }
            if let next = CaseRow.apply(current, event) {
                rows[event.streamID] = next
                changed.insert(event.streamID)
            }
        }
        try store.upsert(changed.sorted().compactMap { rows[$0] })
    }
}
