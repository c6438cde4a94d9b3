public import SuiviDomain
public import SuiviPostgres

/// The query behind `suivi states`: the per-State overview (view `state_overview`).
public struct StateQueries {
    public let connection: PostgresConnection
    public let schema: String

    public init(connection: PostgresConnection, schema: String = ReadModelSchema.live) {
        self.connection = connection
        self.schema = schema
    }

    /// One object per State, by State code: cases by status, consents in force now (not withdrawn and
    /// within their validity today), activities and the last activity's end date.
    public func overview() throws -> [JSON] {
        try ReadModelRows(connection: connection).objects(
            "SELECT row_to_json(o)::text AS row FROM \(unescaped: schema).state_overview o ORDER BY o.state")
    }
}
