import SuiviOperations
import SuiviDomain
import SuiviPostgres
import SuiviStore
import Testing

/// The shadow's lifecycle: filled without its deferred indexes and per-event keys, read stream by stream,
/// and swapped in as the schema the migrations make, with every index and constraint.
@Suite("Rebuild: the shadow's lifecycle", .serialized)
struct RebuildShadowTests {
    /// The read-model schema's shape: each table's persistence, each index's definition, each constraint's.
    static func shape(_ connection: PostgresConnection, schema: String) throws -> [String] {
        let tables = try connection.query("""
            SELECT c.relname || ' ' || c.relpersistence::text AS line FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = \(schema) AND c.relkind = 'r' AND c.relname NOT LIKE 'rebuild%'
            """).rows.map { try $0.string("line") }
        let indexes = try connection.query("""
            SELECT replace(indexdef, \(schema + "."), '') AS line FROM pg_indexes
            WHERE schemaname = \(schema) AND tablename NOT LIKE 'rebuild%'
            """).rows.map { try $0.string("line") }
        let constraints = try connection.query("""
            SELECT t.relname || ' ' || c.conname || ' ' || pg_get_constraintdef(c.oid) AS line
            FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE n.nspname = \(schema) AND t.relname NOT LIKE 'rebuild%'
            """).rows.map { try $0.string("line") }
        return (tables + indexes + constraints).sorted()
    }

    @Test func aSwappedInShadowHasTheMigrationsIndexesAndConstraints() async throws {
        try await TestStack.withScope { scope in
            let connection = try scope.connect()
            _ = try AuditFixtures.seedInterleaved(connection)
            let migrated = try Self.shape(connection, schema: ReadModelSchema.live)
            #expect(migrated.contains { $0.hasPrefix("activities p") })

            // While it fills: the per-event keys and the secondary indexes left out, the unique keys the upserts
            // name and those the events do not guarantee kept.
            let shadow = ShadowSchema(connection: connection)
            try shadow.create(source: "store")
            let filling = try Self.shape(connection, schema: ShadowSchema.name)
            #expect(!filling.contains { $0.hasPrefix("activities activities_event_id_key") })
            #expect(!filling.contains { $0.hasPrefix("decisions decisions_pkey") })
            #expect(filling.contains { $0.hasPrefix("activities activities_pkey") })
            #expect(filling.contains { $0.hasPrefix("cases cases_pkey") })
            #expect(migrated.contains { $0.contains("activities_case_dates") })
            #expect(!filling.contains { $0.contains("activities_case_dates") })
            try shadow.drop()

            let report = try ReadModelRebuilder(configuration: try scope.configuration, logger: TestStack.logger) { _ in }
                .run(RebuildOptions())
            #expect(report.swapped)
            #expect(report.events == 12)
            #expect(try Self.shape(connection, schema: ReadModelSchema.live) == migrated)
            let versions = try ReadModelStore(connection: connection).streamVersions(["case-audit-A", "case-audit-B", "case-audit-C"])
            #expect(versions == ["case-audit-A": 4, "case-audit-B": 3, "case-audit-C": 5])
        }
    }

    /// Migration 13 on a database whose rebuild began before it: the shadow's copies of the dropped indexes, built
    /// or still deferred, go too, so that the swap does not bring them back.
    @Test func migration13DropsTheUnusedIndexesFromAShadowBegunBeforeIt() async throws {
        try await TestStack.withScope { scope in
            let connection = try scope.connect()
            let shadow = ShadowSchema(connection: connection)
            try shadow.create(source: "store")
            // The shadow as a build before migration 13 left it: one such index deferred, one built.
            try connection.execute("""
                INSERT INTO \(ShadowSchema.name).rebuild_deferred_indexes (name, definition) VALUES
                    ('activities_kind', 'CREATE INDEX activities_kind ON \(ShadowSchema.name).activities USING btree (kind, start_date)');
                CREATE INDEX decisions_consent ON \(ShadowSchema.name).decisions (case_id, consent_id);
                """)
            let migration = try #require(Migration.all.first { $0.version == 13 })
            try connection.transaction { try $0.execute(migration.sql) }
            try connection.transaction { _ in try shadow.createDeferredIndexes() }
            let shape = try Self.shape(connection, schema: ShadowSchema.name)
            #expect(shape.contains { $0.contains("activities_case_dates") })
            let live = try Self.shape(connection, schema: ReadModelSchema.live)
            for name in ReadModelSchema.unusedIndexes {
                #expect(!shape.contains { $0.contains("INDEX \(name) ON") }, "\(name)")
                #expect(!live.contains { $0.contains("INDEX \(name) ON") }, "\(name)")
            }
            try shadow.drop()
        }
    }

    @Test func aRebuildCancelledInTheStreamOrderedBulkResumesWhereItStopped() async throws {
        try await TestStack.withScope { scope in
            let connection = try scope.connect()
            _ = try AuditFixtures.seedInterleaved(connection)
            var options = RebuildOptions()
            options.chunkSize = 1
            var chunks = 0
            let cancelled = try ReadModelRebuilder(configuration: try scope.configuration, logger: TestStack.logger) { _ in chunks += 1 }
                .run(options, shouldStop: { chunks >= 5 })
            #expect(cancelled.cancelled)
            let saved = try #require(try ShadowSchema(connection: connection).progress())
            #expect(saved.events == 5)
            // Stream order: A's four events, then B's first.
            #expect(saved.bulk?.applied == EventStore.StreamCursor(streamID: "case-audit-B", version: 1))
            #expect(saved.position == 0)

            options.resume = true
            let resumed = try ReadModelRebuilder(configuration: try scope.configuration, logger: TestStack.logger) { _ in }
                .run(options)
            #expect(resumed.swapped)
            #expect(resumed.events == 7)
            let versions = try ReadModelStore(connection: connection).streamVersions(["case-audit-A", "case-audit-B", "case-audit-C"])
            #expect(versions == ["case-audit-A": 4, "case-audit-B": 3, "case-audit-C": 5])
            let applied = try ReadModelStore(connection: connection).stats(group: try scope.configuration.projectorGroup)
            #expect(applied.applied == 12 && applied.skipped == 0)
        }
    }
}
