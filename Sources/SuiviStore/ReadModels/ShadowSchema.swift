internal import SuiviDomain
public import SuiviPostgres

/// A second copy of the read models, filled by a rebuild while the live ones keep serving, then
/// swapped in by renaming schemas in one transaction, or compared with the live ones.
public struct ShadowSchema {
    public static let name = "suivi_read_shadow"

    /// How far a rebuild got, kept in the shadow so that it can be resumed after a cancel or crash.
    public struct Progress: Sendable, Hashable {
        public var source: String
        /// Store source: the last position applied.
        public var position: Int64
        /// Topic source: the next offset per partition.
        public var offsets: [Int32: Int64]
        public var events: Int64
        /// Store source, while the bulk of the store is read in stream order: where it ends.
        public var bulk: Bulk?

        public init(source: String, position: Int64, offsets: [Int32: Int64], events: Int64, bulk: Bulk? = nil) {
            self.source = source
            self.position = position
            self.offsets = offsets
            self.events = events
            self.bulk = bulk
        }
    }

    /// The store's events after ``Progress/position`` and up to `through`, read in stream and version order
    /// (each stream's rows written once); `applied` is the last event applied. Once they are all in,
    /// ``Progress/position`` moves to `through` and the rest is read in position order.
    public struct Bulk: Sendable, Hashable {
        public var through: Int64
        public var applied: EventStore.StreamCursor

        public init(through: Int64, applied: EventStore.StreamCursor = .start) {
            self.through = through
            self.applied = applied
        }
    }

    /// A table whose content differs between live and shadow.
    public struct TableDifference: Sendable, Hashable {
        public var table: String
        public var liveRows: Int64
        public var shadowRows: Int64
        /// Primary keys of rows that differ or exist on one side only (a sample).
        public var keys: [String]
    }

    public let connection: PostgresConnection

    public init(connection: PostgresConnection) { self.connection = connection }

    /// The store to write the shadow's read models.
    public var readModels: ReadModelStore { ReadModelStore(connection: connection, schema: Self.name) }

    public func exists() throws -> Bool {
        try connection.query("SELECT count(*) AS n FROM pg_namespace WHERE nspname = \(Self.name)")[0].int("n") > 0
    }

    /// Creates an empty shadow (dropping any earlier one), without its secondary indexes: they are kept
    /// aside and built once by ``createDeferredIndexes()``, which is cheaper than maintaining them row by
    /// row. Primary keys and unique constraints stay, those the writes' `ON CONFLICT` clauses need and those
    /// that the events do not guarantee (an activity id per case), except the per-event keys (on `event_id`,
    /// or a stream's `version`), which are deferred the same way.
    ///
    /// The tables stay WAL-logged: filling them `UNLOGGED` and `SET LOGGED` before the swap was measured
    /// slower (the rewrite of every table cost more than the WAL it saved: 0.63 s against about 0.33 s of
    /// the 3 s PostgreSQL spent on 55,500 events).
    public func create(source: String) throws {
        try connection.transaction { connection in
            try connection.execute("DROP SCHEMA IF EXISTS \(Self.name) CASCADE")
            try connection.execute(ReadModelSchema.ddl(schema: Self.name))
            try connection.execute("""
                CREATE TABLE \(Self.name).rebuild_progress (
                    id           boolean     PRIMARY KEY DEFAULT true CHECK (id),
                    source       text        NOT NULL,
                    position     bigint      NOT NULL DEFAULT 0,
                    offsets      json        NOT NULL DEFAULT '{}',
                    events       bigint      NOT NULL DEFAULT 0,
                    bulk_through bigint,
                    bulk_stream  text,
                    bulk_version integer,
                    started_at   timestamptz NOT NULL DEFAULT now(),
                    updated_at   timestamptz NOT NULL DEFAULT now()
                )
                """)
            try connection.query("INSERT INTO \(unescaped: Self.name).rebuild_progress (source) VALUES (\(source))")
            try connection.execute(ReadModelSchema.grants(schema: Self.name))
            try connection.execute("""
                CREATE TABLE \(Self.name).rebuild_deferred_indexes (
                    name       text PRIMARY KEY,
                    definition text NOT NULL
                )
                """)
            let deferred = try connection.query("""
                INSERT INTO \(unescaped: Self.name).rebuild_deferred_indexes (name, definition)
                SELECT c.relname, pg_get_indexdef(i.indexrelid)
                FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = \(Self.name) AND NOT i.indisunique AND NOT i.indisprimary
                RETURNING name
                """)
            for row in deferred.rows {
                try connection.execute("DROP INDEX \(Self.name).\(connection.quoteIdentifier(try row.string("name")))")
            }
            // One row per event: a unique key on event_id or on (stream, version) holds by construction (each event
            // is applied once, by stream version, and the store holds each event id and stream version once), and
            // no write names it in ON CONFLICT (`RowWriter.insert` has no target), so it is built after the load too.
            let perEvent = try connection.query("""
                WITH keys AS (
                    SELECT c.conname AS name, t.relname AS tbl,
                        format('ALTER TABLE %I.%I ADD CONSTRAINT %I %s', n.nspname, t.relname, c.conname, pg_get_constraintdef(c.oid)) AS definition
                    FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
                    WHERE n.nspname = \(Self.name) AND c.contype IN ('p', 'u') AND EXISTS (
                        SELECT 1 FROM pg_attribute a
                        WHERE a.attrelid = c.conrelid AND a.attnum = ANY(c.conkey) AND a.attname IN ('event_id', 'version'))
                ), saved AS (
                    INSERT INTO \(unescaped: Self.name).rebuild_deferred_indexes (name, definition) SELECT name, definition FROM keys
                )
                SELECT name, tbl FROM keys ORDER BY tbl, name
                """)
            for row in perEvent.rows {
                try connection.execute("""
                    ALTER TABLE \(Self.name).\(connection.quoteIdentifier(try row.string("tbl"))) \
                    DROP CONSTRAINT \(connection.quoteIdentifier(try row.string("name")))
                    """)
            }
        }
    }

    /// Builds the secondary indexes that ``create(source:)`` left out, so that the shadow ends up with the
    /// same indexes as the live schema. Call once the bulk of the events is in, before the swap (which
    /// calls it again); does nothing when they are built already. Call inside a transaction.
    public func createDeferredIndexes() throws {
        let table = try connection.query("SELECT to_regclass(\(Self.name + ".rebuild_deferred_indexes"))::text AS t")
        guard table.count > 0, table[0]["t"] != nil else { return }
        let definitions = try connection.query("""
            SELECT definition FROM \(unescaped: Self.name).rebuild_deferred_indexes ORDER BY name
            """).rows.map { try $0.string("definition") }
        // The definitions are pg_get_indexdef's own text for this schema's tables, read back from the catalog.
        for definition in definitions { try connection.execute(definition) }
        try connection.execute("DROP TABLE \(Self.name).rebuild_deferred_indexes")
    }

    public func drop() throws {
        try connection.execute("DROP SCHEMA IF EXISTS \(Self.name) CASCADE")
    }

    public func progress() throws -> Progress? {
        guard try exists() else { return nil }
        let result = try connection.query("SELECT * FROM \(unescaped: Self.name).rebuild_progress")
        // A shadow left by a version without the bulk columns is not resumed: it is started afresh.
        guard result.count > 0, result.column(named: "bulk_through") != nil else { return nil }
        let row = result[0]
        var offsets: [Int32: Int64] = [:]
        if case .object(let members)? = try? JSONParser.parse(try row.string("offsets")) {
            for (key, value) in members { if let partition = Int32(key), let offset = value.intValue { offsets[partition] = Int64(offset) } }
        }
        let bulk = try row.optionalInt("bulk_through").map { through in
            Bulk(through: through, applied: EventStore.StreamCursor(
                streamID: row["bulk_stream"] ?? "", version: Int(try row.optionalInt("bulk_version") ?? 0)))
        }
        return Progress(source: try row.string("source"), position: try row.int("position"), offsets: offsets,
            events: try row.int("events"), bulk: bulk)
    }

    /// Records progress (inside the chunk's transaction).
    public func save(_ progress: Progress) throws {
        let offsets = JSON.object(Dictionary(uniqueKeysWithValues: progress.offsets.map { (String($0.key), JSON.number(String($0.value))) }))
        try connection.query("""
            UPDATE \(unescaped: Self.name).rebuild_progress
            SET position = \(progress.position), offsets = \(offsets.canonicalText)::json, events = \(progress.events),
                bulk_through = \(progress.bulk?.through), bulk_stream = \(progress.bulk?.applied.streamID),
                bulk_version = \(progress.bulk.map { Int64($0.applied.version) })::int, updated_at = now()
            """)
    }

    /// Takes the swap lock: waits for the live projector's batch in hand, and holds new ones until the
    /// transaction ends. Call inside a transaction.
    public func lockLiveProjector() throws {
        try connection.query("SELECT pg_advisory_xact_lock(\(ReadModelSchema.swapLockKey))")
    }

    /// Gives the shadow the live projector's offsets (inside the swap transaction, under the lock).
    public func adoptLiveOffsets() throws {
        try connection.execute("""
            DELETE FROM \(Self.name).projector_offsets;
            INSERT INTO \(Self.name).projector_offsets (group_id, topic, partition, next_offset)
                SELECT group_id, topic, partition, next_offset FROM \(ReadModelSchema.live).projector_offsets;
            """)
    }

    /// The live projector's offsets for a group and topic.
    public func liveOffsets(group: String, topic: String) throws -> [Int32: Int64] {
        try ReadModelStore(connection: connection).offsets(group: group, topic: topic)
    }

    /// Renames live to a retired name and the shadow to live (inside the swap transaction). Returns the
    /// retired schema's name, or nil when it was dropped.
    public func swap(keepRetired: Bool, suffix: String) throws -> String? {
        let retired = "suivi_read_retired_\(suffix)"
        try createDeferredIndexes()
        try connection.execute("""
            DROP TABLE IF EXISTS \(Self.name).rebuild_progress;
            DROP TABLE IF EXISTS \(Self.name).rebuild_deferred_indexes;
            ALTER SCHEMA \(ReadModelSchema.live) RENAME TO \(retired);
            ALTER SCHEMA \(Self.name) RENAME TO \(ReadModelSchema.live);
            """)
        if !keepRetired {
            try connection.execute("DROP SCHEMA \(retired) CASCADE")
            return nil
        }
        return retired
    }

    /// Compares every content table of the shadow with the live one: row counts, a checksum over all
    /// rows (volatile columns left out) and, where they differ, a sample of the differing keys.
    public func compare(sampleLimit: Int = 20) throws -> (tables: Int, differences: [TableDifference]) {
        let tables = try connection.query("""
            SELECT table_name FROM information_schema.tables
            WHERE table_schema = \(ReadModelSchema.live) AND table_type = 'BASE TABLE' ORDER BY table_name
            """).rows.map { try $0.string("table_name") }.filter { !ReadModelSchema.bookkeepingTables.contains($0) }
        var differences: [TableDifference] = []
        for table in tables {
            let columns = try connection.query("""
                SELECT column_name FROM information_schema.columns
                WHERE table_schema = \(ReadModelSchema.live) AND table_name = \(table) ORDER BY ordinal_position
                """).rows.map { try $0.string("column_name") }.filter { !ReadModelSchema.volatileColumns.contains($0) }
            let keys = try connection.query("""
                SELECT a.attname FROM pg_index i
                JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
                WHERE i.indrelid = (\(ReadModelSchema.live + "." + table))::regclass AND i.indisprimary ORDER BY a.attnum
                """).rows.map { try $0.string("attname") }
            let list = columns.map { connection.quoteIdentifier($0) }.joined(separator: ", ")
            let order = (keys.isEmpty ? columns : keys).map { connection.quoteIdentifier($0) }.joined(separator: ", ")
            func summary(_ schema: String) throws -> (Int64, String) {
                let row = try connection.query("""
                    SELECT count(*) AS n, coalesce(md5(string_agg(md5(ROW(\(unescaped: list))::text), '' ORDER BY \(unescaped: order))), '') AS sum
                    FROM \(unescaped: schema).\(unescaped: connection.quoteIdentifier(table))
                    """)[0]
                return (try row.int("n"), try row.string("sum"))
            }
            let live = try summary(ReadModelSchema.live)
            let shadow = try summary(Self.name)
            if live == shadow { continue }
            let keyList = (keys.isEmpty ? columns : keys).map { connection.quoteIdentifier($0) }.joined(separator: ", ")
            let quotedTable = connection.quoteIdentifier(table)
            let differing = try connection.query("""
                SELECT DISTINCT concat_ws('/', \(unescaped: keyList)) AS k FROM (
                    (SELECT \(unescaped: list) FROM \(unescaped: ReadModelSchema.live).\(unescaped: quotedTable)
                     EXCEPT SELECT \(unescaped: list) FROM \(unescaped: Self.name).\(unescaped: quotedTable))
                    UNION ALL
                    (SELECT \(unescaped: list) FROM \(unescaped: Self.name).\(unescaped: quotedTable)
                     EXCEPT SELECT \(unescaped: list) FROM \(unescaped: ReadModelSchema.live).\(unescaped: quotedTable))
                ) d ORDER BY k LIMIT \(sampleLimit)
                """).rows.map { try $0.string("k") }
            differences.append(TableDifference(table: table, liveRows: live.0, shadowRows: shadow.0, keys: differing))
        }
        return (tables.count, differences)
    }
}
