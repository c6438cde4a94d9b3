public import SuiviDomain
public import SuiviPostgres

/// The queries behind `suivi state report` and the console's State page: one State's cases, consents,
/// decisions and activities from the read models, each list filtered by a period and paged with its total.
public struct StateDetailQueries {
    public let connection: PostgresConnection
    public let schema: String

    public init(connection: PostgresConnection, schema: String = ReadModelSchema.live) {
        self.connection = connection
        self.schema = schema
    }

    /// The four lists of one State.
    public struct Detail: Sendable {
        public var state: String
        public var period: Period
        /// Cases requested by the period's end, by id.
        public var cases: Paged<JSON>
        /// Consents whose validity overlaps the period, by start of validity.
        public var consents: Paged<JSON>
        /// Approvals and declines that occurred in the period, in time order.
        public var decisions: Paged<JSON>
        /// Activities overlapping the period, by start date.
        public var activities: Paged<JSON>

        public var json: JSON {
            func list(_ paged: Paged<JSON>) -> JSON {
                ["total": .int(paged.total), "offset": .int(paged.offset), "rows": .array(paged.items)]
            }
            return [
                "state": .string(state), "from": period.from.map { .string($0.description) } ?? .null,
                "to": period.to.map { .string($0.description) } ?? .null,
                "cases": list(cases), "consents": list(consents), "decisions": list(decisions),
                "activities": list(activities),
            ]
        }
    }

    /// Whether the read models know any case of `state`.
    public func exists(_ state: String) throws -> Bool {
        try count("SELECT count(*) AS n FROM (SELECT 1 FROM \(unescaped: schema).cases WHERE state = \(state) LIMIT 1) x") > 0
    }

    /// The State's lists; each gets the same slice (`page`) and says its own total.
    public func detail(_ state: String, period: Period = .always, page: PageRequest = PageRequest()) throws -> Detail {
        Detail(
            state: state, period: period, cases: try cases(state, period, page), consents: try consents(state, period, page),
            decisions: try decisions(state, period, page), activities: try activities(state, period, page))
    }

    func cases(_ state: String, _ period: Period, _ page: PageRequest) throws -> Paged<JSON> {
        func query(_ columns: String, _ page: PageRequest?) -> PostgresQuery {
            """
            SELECT \(unescaped: columns) FROM \(unescaped: schema).cases c
            WHERE c.state = \(state) AND (\(period.endText)::timestamptz IS NULL OR c.requested_at <= \(period.endText)::timestamptz)
            \(unescaped: page == nil ? "" : "ORDER BY c.case_id") \(unescaped: page.map { "LIMIT \($0.limit) OFFSET \($0.offset)" } ?? "")
            """
        }
        return try paged(query, page, columns: """
            c.case_id, c.status, c.provider, c.purpose, c.requested_at, c.requested_by, c.current_consent_id, c.last_event_at
            """)
    }

    func consents(_ state: String, _ period: Period, _ page: PageRequest) throws -> Paged<JSON> {
        func query(_ columns: String, _ page: PageRequest?) -> PostgresQuery {
            """
            SELECT \(unescaped: columns) FROM \(unescaped: schema).consents k
            WHERE k.state = \(state)
              AND (\(period.startText)::timestamptz IS NULL OR k.valid_until_at >= \(period.startText)::timestamptz)
              AND (\(period.endText)::timestamptz IS NULL OR k.valid_from_at <= \(period.endText)::timestamptz)
            \(unescaped: page == nil ? "" : "ORDER BY k.valid_from_at, k.case_id, k.consent_id") \(unescaped: page.map { "LIMIT \($0.limit) OFFSET \($0.offset)" } ?? "")
            """
        }
        return try paged(query, page, columns: """
            k.case_id, k.consent_id, k.granted_by_name, k.granted_by_office, k.instrument_kind, k.instrument_reference,
            k.activity_kinds, k.providers, k.valid_from_at, k.valid_until_at, k.amendments, k.withdrawn, k.withdrawn_at,
            k.withdrawal_reason, k.given_at, k.given_recorded_at
            """)
    }

    func decisions(_ state: String, _ period: Period, _ page: PageRequest) throws -> Paged<JSON> {
        // Counted and sorted on the indexes alone (migration 9), then only the page's rows are read: the
        // rows of one State's decisions are scattered over the whole table.
        func query(_ columns: String, _ page: PageRequest?) -> PostgresQuery {
            let matching: PostgresQuery = """
                FROM \(unescaped: schema).decisions d JOIN \(unescaped: schema).cases c ON c.case_id = d.case_id
                WHERE c.state = \(state)
                  AND (\(period.startText)::timestamptz IS NULL OR d.occurred_at >= \(period.startText)::timestamptz)
                  AND (\(period.endText)::timestamptz IS NULL OR d.occurred_at <= \(period.endText)::timestamptz)
                """
            guard let page else { return PostgresQuery(sql: "SELECT \(columns) " + matching.sql, binds: matching.binds) }
            let inner = PostgresQuery(
                sql: "SELECT d.case_id, d.version, d.occurred_at " + matching.sql
                    + " ORDER BY d.occurred_at, d.case_id, d.version LIMIT \(page.limit) OFFSET \(page.offset)",
                binds: matching.binds)
            return PostgresQuery(
                sql: """
                    WITH page AS (\(inner.sql))
                    SELECT \(columns) FROM page p JOIN \(schema).decisions d ON d.case_id = p.case_id AND d.version = p.version
                    ORDER BY p.occurred_at, p.case_id, p.version
                    """,
                binds: inner.binds)
        }
        return try paged(query, page, columns: """
            d.case_id, d.outcome, d.decided_by_name, d.decided_by_office, d.reason, d.activity_kinds, d.providers,
            d.consent_id, d.command_id, d.occurred_at, d.recorded_at
            """)
    }

    func activities(_ state: String, _ period: Period, _ page: PageRequest) throws -> Paged<JSON> {
        // As for decisions: the indexes alone find, count and sort a State's activities (migration 9).
        func query(_ columns: String, _ page: PageRequest?) -> PostgresQuery {
            let matching: PostgresQuery = """
                FROM \(unescaped: schema).activities a JOIN \(unescaped: schema).cases c ON c.case_id = a.case_id
                WHERE c.state = \(state)
                  AND (\(period.fromText)::date IS NULL OR a.end_date >= \(period.fromText)::date)
                  AND (\(period.toText)::date IS NULL OR a.start_date <= \(period.toText)::date)
                """
            guard let page else { return PostgresQuery(sql: "SELECT \(columns) " + matching.sql, binds: matching.binds) }
            let inner = PostgresQuery(
                sql: "SELECT a.case_id, a.activity_id, a.start_date " + matching.sql
                    + " ORDER BY a.start_date, a.case_id, a.activity_id LIMIT \(page.limit) OFFSET \(page.offset)",
                binds: matching.binds)
            return PostgresQuery(
                sql: """
                    WITH page AS (\(inner.sql))
                    SELECT \(columns) FROM page p
                    JOIN \(schema).activities a ON a.case_id = p.case_id AND a.activity_id = p.activity_id
                    ORDER BY p.start_date, p.case_id, p.activity_id
                    """,
                binds: inner.binds)
        }
        return try paged(query, page, columns: """
            a.case_id, a.activity_id, a.kind, a.title, a.start_date, a.end_date, a.provider, a.participants, a.consent_id,
            a.corrects, a.command_id, a.occurred_at, a.recorded_at
            """)
    }

    private func paged(_ query: (String, PageRequest?) -> PostgresQuery, _ page: PageRequest, columns: String) throws -> Paged<JSON> {
        let total = try count(query("count(*) AS n", nil))
        let inner = query(columns, page)
        let rows = try ReadModelRows(connection: connection).objects(
            PostgresQuery(sql: "SELECT row_to_json(r)::text AS row FROM (\(inner.sql)) r", binds: inner.binds))
        return Paged(items: rows, total: total, offset: page.offset)
    }

    private func count(_ query: PostgresQuery) throws -> Int {
        do { return Int(try connection.query(query)[0].int("n")) } catch { throw StoreError.wrap(error) }
    }
}
