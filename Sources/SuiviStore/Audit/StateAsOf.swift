public import SuiviDomain
public import SuiviPostgres

/// One State's cases as they stood at a past moment: the cases the read models know for the State
/// (a slice of them, by id), each folded from the event store by ``CaseAudit`` on the chosen basis.
public struct StateAsOf: Sendable {
    public var state: String
    public var asOf: Timestamp
    public var basis: AsOfBasis
    /// Every case of the slice, including those not yet requested then (``CaseAsOf/existed`` false).
    public var cases: Paged<CaseAsOf>

    /// Loads and folds the slice `page` of the State's cases.
    public static func load(
        _ state: String, at time: Timestamp, by basis: AsOfBasis, page: PageRequest, connection: PostgresConnection,
        schema: String = ReadModelSchema.live
    ) throws -> StateAsOf {
        let total: Int
        let ids: [String]
        do {
            total = Int(try connection.query(
                "SELECT count(*) AS n FROM \(unescaped: schema).cases WHERE state = \(state)")[0].int("n"))
            ids = try connection.query(
                """
                SELECT case_id FROM \(unescaped: schema).cases WHERE state = \(state)
                ORDER BY case_id LIMIT \(page.limit) OFFSET \(page.offset)
                """
            ).rows.map { try $0.string("case_id") }
        } catch {
            throw StoreError.wrap(error)
        }
        let audit = CaseAudit(connection: connection)
        let folded = try ids.compactMap { try audit.asOf($0, at: time, by: basis) }
        return StateAsOf(state: state, asOf: time, basis: basis, cases: Paged(items: folded, total: total, offset: page.offset))
    }

    public var json: JSON {
        [
            "state": .string(state), "asOf": .string(asOf.rfc3339), "comparedWith": .string(basis.field),
            "total": .int(cases.total), "offset": .int(cases.offset), "cases": .array(cases.items.map(\.json)),
        ]
    }
}
