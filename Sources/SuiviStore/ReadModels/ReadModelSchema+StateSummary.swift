extension ReadModelSchema {
    /// Migration 11's piece: one row per State with the figures of the States overview that do not depend
    /// on a date (cases by status, decisions, activities, the last activity's end), kept by the projector in
    /// each batch's transaction (``StateSummaryChange``), so that the overview reads 30 rows instead of
    /// aggregating every activity (35-45 ms on the 200,000-command bench data set; docs/PERFORMANCE.md).
    /// Consents in force depend on the day, so they are still counted when asked.
    public static func stateSummary(schema: String) -> String {
        #"""
        CREATE TABLE \#(schema).state_summary (
            state            text        PRIMARY KEY,
            cases            integer     NOT NULL DEFAULT 0,
            requested        integer     NOT NULL DEFAULT 0,
            consented        integer     NOT NULL DEFAULT 0,
            active           integer     NOT NULL DEFAULT 0,
            suspended        integer     NOT NULL DEFAULT 0,
            declined         integer     NOT NULL DEFAULT 0,
            closed           integer     NOT NULL DEFAULT 0,
            decisions        integer     NOT NULL DEFAULT 0,
            activities       integer     NOT NULL DEFAULT 0,
            last_activity_on date,
            updated_at       timestamptz NOT NULL DEFAULT now()
        );
        """#
    }

    /// The summary computed from the read models it summarises: how migration 11 fills it for a store
    /// projected before it, and the reference the tests compare the projector's rows with.
    public static func stateSummaryAggregate(schema: String) -> String {
        #"""
        SELECT s.state,
            count(*)::integer AS cases,
            count(*) FILTER (WHERE s.status = 'requested')::integer AS requested,
            count(*) FILTER (WHERE s.status = 'consented')::integer AS consented,
            count(*) FILTER (WHERE s.status = 'active')::integer AS active,
            count(*) FILTER (WHERE s.status = 'suspended')::integer AS suspended,
            count(*) FILTER (WHERE s.status = 'declined')::integer AS declined,
            count(*) FILTER (WHERE s.status = 'closed')::integer AS closed,
            coalesce(max(d.n), 0)::integer AS decisions,
            coalesce(max(a.n), 0)::integer AS activities,
            max(a.last_on) AS last_activity_on
        FROM \#(schema).cases s
        LEFT JOIN (
            SELECT c.state, count(*) AS n FROM \#(schema).decisions d JOIN \#(schema).cases c ON c.case_id = d.case_id GROUP BY c.state
        ) d ON d.state = s.state
        LEFT JOIN (
            SELECT c.state, count(*) AS n, max(a.end_date) AS last_on
            FROM \#(schema).activities a JOIN \#(schema).cases c ON c.case_id = a.case_id GROUP BY c.state
        ) a ON a.state = s.state
        GROUP BY s.state
        """#
    }
}
