public import SuiviDomain
public import SuiviPostgres

/// The query behind `suivi report status`: the mandated report with its deferrals and waivers.
public struct ReportQueries {
    public let connection: PostgresConnection
    public let schema: String

    public init(connection: PostgresConnection, schema: String = ReadModelSchema.live) {
        self.connection = connection
        self.schema = schema
    }

    /// The reports (one, or all when `reportID` is nil), each with `deferrals` and `waivers` in the order
    /// they were recorded. Empty when the report is unknown.
    public func status(_ reportID: String? = nil) throws -> [JSON] {
        let rows = ReadModelRows(connection: connection)
        let reports = try rows.objects(
            """
            SELECT row_to_json(r)::text AS row FROM \(unescaped: schema).reports r
            WHERE \(reportID)::text IS NULL OR r.report_id = \(reportID) ORDER BY r.report_id
            """)
        let ids = reports.compactMap { $0["reportId"]?.stringValue }
        guard !ids.isEmpty else { return [] }
        let deferrals = try rows.objects(
            """
            SELECT row_to_json(d)::text AS row FROM \(unescaped: schema).report_deferrals d
            WHERE d.report_id = ANY(\(.textArray(ids))) ORDER BY d.report_id, d.version
            """)
        let waivers = try rows.objects(
            """
            SELECT row_to_json(w)::text AS row FROM \(unescaped: schema).report_waivers w
            WHERE w.report_id = ANY(\(.textArray(ids))) ORDER BY w.report_id, w.version
            """)
        return reports.map { report in
            guard case .object(var members) = report else { return report }
            let id = report["reportId"]
            members["deferrals"] = .array(deferrals.filter { $0["reportId"] == id })
            members["waivers"] = .array(waivers.filter { $0["reportId"] == id })
            return .object(members)
        }
    }
}
