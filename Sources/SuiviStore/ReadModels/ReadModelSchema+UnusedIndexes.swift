extension ReadModelSchema {
    /// Secondary indexes of the read models that no query reads, dropped by migration 13 (issue 13): each cost
    /// the projector an index entry per row written and served nothing. Found by reading every statement over
    /// the read models (console pages, CLI commands, reports, the projections' own loads) and `EXPLAIN` of
    /// each on the 200,000-command bench data set (docs/PERFORMANCE.md, "Projector (session 8)"):
    /// - `activities_kind`, `activities_consent`, `activities_corrects`: no statement filters or sorts
    ///   activities by kind, consent or corrected activity; a State's activities are found through
    ///   `activities_case_dates`, one by its key, a search by `activities_activity_id_prefix`.
    /// - `decisions_consent`: decisions are found by case (`decisions_case_occurred`) or by their key.
    /// - `consent_events_consent`: the consent ledger is written, never queried by consent.
    /// - `cases_state`: `cases_state_case` (state, case_id) serves every lookup by State.
    public static let unusedIndexes = [
        "activities_kind", "activities_consent", "activities_corrects", "decisions_consent", "consent_events_consent",
        "cases_state",
    ]

    /// Migration 13's piece: ``unusedIndexes`` dropped from `schema` (an identifier chosen by code).
    public static func dropUnusedIndexes(schema: String) -> String {
        "DROP INDEX IF EXISTS \(unusedIndexes.map { "\(schema).\($0)" }.joined(separator: ", "));\n"
    }
}
