extension ReadModelSchema {
    /// Migration 9's piece: the indexes behind the auditors' console on a large store. Measured on the
    /// 200,000-command bench data set (docs/PERFORMANCE.md, "Console"): a State's activities were found
    /// by scanning every activity, and a search by the start of an id scanned whole tables.
    public static func consoleIndexes(schema: String) -> String {
        #"""
        -- A State's cases, decisions and activities counted, filtered by period and sorted without reading
        -- the tables' rows (index-only scans); the pages then read only the rows they show.
        CREATE INDEX cases_state_case ON \#(schema).cases (state, case_id) INCLUDE (requested_at);
        CREATE INDEX decisions_case_occurred ON \#(schema).decisions (case_id) INCLUDE (occurred_at, version);
        CREATE INDEX activities_case_dates ON \#(schema).activities (case_id) INCLUDE (start_date, end_date, activity_id);

        -- Search by the start of an id (LIKE 'prefix%'), whatever the database's collation.
        CREATE INDEX cases_case_id_prefix ON \#(schema).cases (case_id text_pattern_ops);
        CREATE INDEX consents_consent_id_prefix ON \#(schema).consents (consent_id text_pattern_ops);
        CREATE INDEX activities_activity_id_prefix ON \#(schema).activities (activity_id text_pattern_ops);
        """#
    }
}
