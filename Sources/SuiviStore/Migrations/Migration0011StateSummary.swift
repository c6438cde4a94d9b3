/// The per-State summary behind the console's overview pages and `suivi states` (see
/// ``ReadModelSchema/stateSummary(schema:)``), filled from the read models already projected. It takes the
/// swap lock, as a rebuild's swap does, so that no projector batch commits while it is filled. Version 10 is
/// taken by another branch's migration.
enum Migration0011StateSummary {
    static let migration = Migration(
        version: 11, name: "state summary",
        sql: """
            SELECT pg_advisory_xact_lock(\(ReadModelSchema.swapLockKey));
            \(ReadModelSchema.stateSummary(schema: ReadModelSchema.live))
            INSERT INTO \(ReadModelSchema.live).state_summary
                (state, cases, requested, consented, active, suspended, declined, closed, decisions, activities, last_activity_on)
            \(ReadModelSchema.stateSummaryAggregate(schema: ReadModelSchema.live));
            -- As migrations 3 and 8 set for every read model: the operator owns it (a swap drops the retired
            -- schema), the projector writes it, the auditor reads it.
            ALTER TABLE \(ReadModelSchema.live).state_summary OWNER TO suivi_operator;
            GRANT SELECT, INSERT, UPDATE, DELETE ON \(ReadModelSchema.live).state_summary TO suivi_projector;
            GRANT SELECT ON \(ReadModelSchema.live).state_summary TO suivi_auditor;
            """)
}
