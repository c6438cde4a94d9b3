public import SuiviDomain
public import SuiviPostgres

/// The queries behind `suivi states` and the console's States page: the per-State overview.
public struct StateQueries {
    public let connection: PostgresConnection
    public let schema: String

    public init(connection: PostgresConnection, schema: String = ReadModelSchema.live) {
        self.connection = connection
        self.schema = schema
    }

    /// Which States, which period, which slice.
    public struct Filter: Sendable, Hashable {
        /// One State (ISO 3166-1 alpha-3), or every State.
        public var state: String?
        /// Decisions counted when they occurred in it, activities when they overlap it.
        public var period: Period
        /// Consents are counted as in force at this moment (default: now).
        public var consentsAt: Timestamp?
        public var page: PageRequest

        public init(state: String? = nil, period: Period = .always, consentsAt: Timestamp? = nil, page: PageRequest = PageRequest(limit: 1000)) {
            self.state = state
            self.period = period
            self.consentsAt = consentsAt
            self.page = page
        }
    }

    /// One object per State, by State code: cases by status, consents in force now (not withdrawn and
    /// within their validity today), activities and the last activity's end date.
    public func overview() throws -> [JSON] {
        try ReadModelRows(connection: connection).objects(
            "SELECT row_to_json(o)::text AS row FROM \(unescaped: schema).state_overview o ORDER BY o.state")
    }

    /// The overview filtered: one object per State (cases by status, `consentsInForce` at
    /// ``Filter/consentsAt``, `decisions` that occurred in the period, `activities` overlapping it,
    /// `lastActivityOn`), and how many States match in all.
    ///
    /// Without a period the figures come from the `state_summary` read model (30 rows; only the consents in
    /// force, which depend on the day, are counted); with one, they are aggregated (``aggregated(_:)``).
    public func overview(_ filter: Filter) throws -> Paged<JSON> {
        guard filter.period == .always else { return try aggregated(filter) }
        let at = (filter.consentsAt ?? SystemClock.now()).rfc3339
        let total = try count(
            """
            SELECT count(*) AS n FROM \(unescaped: schema).state_summary
            WHERE cases > 0 AND (\(filter.state)::text IS NULL OR state = \(filter.state))
            """)
        let rows = try ReadModelRows(connection: connection).objects(
            """
            WITH picked AS (
                SELECT * FROM \(unescaped: schema).state_summary
                WHERE cases > 0 AND (\(filter.state)::text IS NULL OR state = \(filter.state))
                ORDER BY state
                LIMIT \(filter.page.limit) OFFSET \(filter.page.offset)
            ), consents_in_force AS (
                SELECT k.state, count(*)::integer AS n FROM \(unescaped: schema).consents k
                WHERE k.state IN (SELECT state FROM picked)
                  AND (NOT k.withdrawn OR k.withdrawn_at > \(at)::timestamptz)
                  AND k.valid_from_at <= \(at)::timestamptz AND \(at)::timestamptz <= k.valid_until_at
                GROUP BY k.state
            )
            SELECT row_to_json(o)::text AS row FROM (
                SELECT p.state, p.cases, p.requested, p.consented, p.active, p.suspended, p.declined, p.closed,
                    coalesce(k.n, 0) AS consents_in_force, p.decisions, p.activities, p.last_activity_on
                FROM picked p
                LEFT JOIN consents_in_force k ON k.state = p.state
                ORDER BY p.state
            ) o
            """)
        return Paged(items: rows, total: total, offset: filter.page.offset)
    }

    /// The overview aggregated from `cases`, `consents`, `decisions` and `activities`: what a period needs,
    /// and the reference that the summary read by ``overview(_:)`` must equal.
    public func aggregated(_ filter: Filter) throws -> Paged<JSON> {
        let at = (filter.consentsAt ?? SystemClock.now()).rfc3339
        let period = filter.period
        let total = try count(
            "SELECT count(DISTINCT state) AS n FROM \(unescaped: schema).cases WHERE \(filter.state)::text IS NULL OR state = \(filter.state)")
        // One pass over each table grouped by State, for the page's States only: correlated subqueries
        // per State scanned the activities once per State (1.5 s on the 200,000-command bench data set).
        let rows = try ReadModelRows(connection: connection).objects(
            """
            WITH picked AS (
                SELECT s.state,
                    count(*)::integer AS cases,
                    count(*) FILTER (WHERE s.status = 'requested')::integer AS requested,
                    count(*) FILTER (WHERE s.status = 'consented')::integer AS consented,
                    count(*) FILTER (WHERE s.status = 'active')::integer AS active,
                    count(*) FILTER (WHERE s.status = 'suspended')::integer AS suspended,
                    count(*) FILTER (WHERE s.status = 'declined')::integer AS declined,
                    count(*) FILTER (WHERE s.status = 'closed')::integer AS closed
                FROM \(unescaped: schema).cases s
                WHERE \(filter.state)::text IS NULL OR s.state = \(filter.state)
                GROUP BY s.state
                ORDER BY s.state
                LIMIT \(filter.page.limit) OFFSET \(filter.page.offset)
            ), picked_cases AS (
                SELECT c.case_id, c.state FROM \(unescaped: schema).cases c JOIN picked p ON p.state = c.state
            ), consents_in_force AS (
                SELECT k.state, count(*)::integer AS n FROM \(unescaped: schema).consents k
                WHERE k.state IN (SELECT state FROM picked)
                  AND (NOT k.withdrawn OR k.withdrawn_at > \(at)::timestamptz)
                  AND k.valid_from_at <= \(at)::timestamptz AND \(at)::timestamptz <= k.valid_until_at
                GROUP BY k.state
            ), decided AS (
                SELECT c.state, count(*)::integer AS n FROM \(unescaped: schema).decisions d JOIN picked_cases c ON c.case_id = d.case_id
                WHERE (\(period.startText)::timestamptz IS NULL OR d.occurred_at >= \(period.startText)::timestamptz)
                  AND (\(period.endText)::timestamptz IS NULL OR d.occurred_at <= \(period.endText)::timestamptz)
                GROUP BY c.state
            ), done AS (
                -- Per case first, along the index's case_id order, then per State: for every State that is
                -- one pass over the index (35 ms on the bench data set, against 80 ms for a join of every
                -- activity); for one State, only its cases' entries are read.
                SELECT c.state, sum(x.n)::integer AS n, max(x.last_on) AS last_on
                FROM (
                    SELECT a.case_id, count(*) AS n, max(a.end_date) AS last_on FROM \(unescaped: schema).activities a
                    WHERE (\(period.fromText)::date IS NULL OR a.end_date >= \(period.fromText)::date)
                      AND (\(period.toText)::date IS NULL OR a.start_date <= \(period.toText)::date)
                      \(unescaped: filter.state == nil ? "" : "AND a.case_id IN (SELECT case_id FROM picked_cases)")
                    GROUP BY a.case_id
                ) x JOIN picked_cases c ON c.case_id = x.case_id
                GROUP BY c.state
            )
            SELECT row_to_json(o)::text AS row FROM (
                SELECT p.state, p.cases, p.requested, p.consented, p.active, p.suspended, p.declined, p.closed,
                    coalesce(k.n, 0) AS consents_in_force, coalesce(d.n, 0) AS decisions, coalesce(a.n, 0) AS activities,
                    a.last_on AS last_activity_on
                FROM picked p
                LEFT JOIN consents_in_force k ON k.state = p.state
                LEFT JOIN decided d ON d.state = p.state
                LEFT JOIN done a ON a.state = p.state
                ORDER BY p.state
            ) o
            """)
        return Paged(items: rows, total: total, offset: filter.page.offset)
    }

    func count(_ query: PostgresQuery) throws -> Int {
        do { return Int(try connection.query(query)[0].int("n")) } catch { throw StoreError.wrap(error) }
    }
}
