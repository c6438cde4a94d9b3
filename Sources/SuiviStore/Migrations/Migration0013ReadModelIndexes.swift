/// One index entry fewer per activity written, and fewer per case, decision and consent event (issue 13):
/// the read models' secondary indexes that no query reads (``ReadModelSchema/unusedIndexes``) are dropped.
/// A shadow that a rebuild began before this migration loses them too, so that its swap does not bring them
/// back: dropped if already built, forgotten if still deferred.
enum Migration0013ReadModelIndexes {
    static let migration = Migration(
        version: 13, name: "read models: drop the indexes no query uses",
        sql: ReadModelSchema.dropUnusedIndexes(schema: ReadModelSchema.live) + """
            DO $$
            BEGIN
                IF to_regnamespace('\(ShadowSchema.name)') IS NOT NULL THEN
                    EXECUTE '\(ReadModelSchema.dropUnusedIndexes(schema: ShadowSchema.name).dropLast())';
                    IF to_regclass('\(ShadowSchema.name).rebuild_deferred_indexes') IS NOT NULL THEN
                        DELETE FROM \(ShadowSchema.name).rebuild_deferred_indexes
                        WHERE name IN (\(ReadModelSchema.unusedIndexes.map { "'\($0)'" }.joined(separator: ", ")));
                    END IF;
                END IF;
            END
            $$;
            """)
}
