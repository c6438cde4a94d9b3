import SuiviApp
import SuiviOperations
import SuiviDomain
import SuiviPostgres
import SuiviStore
import Testing

/// The per-State summary (`state_summary`) that the projector keeps for the States overview equals the
/// aggregate over `cases`, `decisions` and `activities` that it replaces: after the real workers projected
/// the demo scenario, and again after `suivi rebuild` rebuilt the read models from the store.
@Suite("Per-State summary read model", .serialized)
struct StateSummaryTests {
    static let columns = "state, cases, requested, consented, active, suspended, declined, closed, decisions, activities, last_activity_on"

    /// Rows of the summary that the aggregate lacks, and rows of the aggregate that the summary lacks.
    static func differences(_ connection: PostgresConnection) throws -> [String] {
        let aggregate = ReadModelSchema.stateSummaryAggregate(schema: ReadModelSchema.live)
        return try connection.query(
            """
            SELECT d.side || ' ' || row_to_json(d)::text AS row FROM (
                (SELECT 'summary only' AS side, \(unescaped: columns) FROM suivi_read.state_summary WHERE cases > 0
                 EXCEPT SELECT 'summary only', * FROM (\(unescaped: aggregate)) a)
                UNION ALL
                (SELECT 'aggregate only', * FROM (\(unescaped: aggregate)) a
                 EXCEPT SELECT 'aggregate only', \(unescaped: columns) FROM suivi_read.state_summary)
            ) d
            """
        ).rows.map { try $0.string("row") }
    }

    /// The console's overview read from the summary is the overview aggregated, for every State, one State
    /// and a page of them.
    static func expectOverviewMatches(_ connection: PostgresConnection) throws {
        let queries = StateQueries(connection: connection)
        let at = Timestamp(rfc3339: "2026-03-31T23:59:59Z")!
        for filter in [
            StateQueries.Filter(), StateQueries.Filter(consentsAt: at), StateQueries.Filter(state: "TGO"),
            StateQueries.Filter(state: "ZZZ"), StateQueries.Filter(page: PageRequest(limit: 2, offset: 1)),
        ] {
            let summarised = try queries.overview(filter), aggregated = try queries.aggregated(filter)
            #expect(summarised.items == aggregated.items, "\(filter)")
            #expect(summarised.total == aggregated.total, "\(filter)")
        }
    }

    @Test func theSummaryEqualsTheAggregateAfterProjectionAndAfterARebuild() async throws {
        try await TestStack.withScope(partitions: 1) { scope in
            try await ConsoleCLITests.loadDemoScenario(scope)
            let connection = try scope.connect()
            defer { connection.close() }
            let states = try connection.query("SELECT state, cases, activities FROM suivi_read.state_summary ORDER BY state")
            #expect(try states.rows.map { try $0.string("state") } == ["MNG", "PRY", "TGO"])
            #expect(try states.rows.allSatisfy { try $0.int("cases") > 0 && $0.int("activities") > 0 })
            #expect(try Self.differences(connection) == [])
            try Self.expectOverviewMatches(connection)

            // Rebuilt from the store into a shadow, compared with the live read models, then swapped in.
            var options = RebuildOptions()
            options.verify = true
            let verified = try ReadModelRebuilder(configuration: try scope.configuration, logger: TestStack.logger) { _ in }.run(options)
            #expect(verified.differences.isEmpty, "\(verified.differences)")
            let rebuilt = try ReadModelRebuilder(configuration: try scope.configuration, logger: TestStack.logger) { _ in }
                .run(RebuildOptions())
            #expect(rebuilt.swapped)
            #expect(try connection.query("SELECT count(*) AS n FROM suivi_read.state_summary")[0].int("n") == 3)
            #expect(try Self.differences(connection) == [])
            try Self.expectOverviewMatches(connection)
        }
    }
}
