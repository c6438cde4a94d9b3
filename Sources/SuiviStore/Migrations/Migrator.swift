public import Logging
public import SuiviPostgres
internal import Crypto

/// Applies the versioned migrations that a database lacks, each in its own transaction, under an
/// advisory lock so that two workers starting together do not race.
public struct Migrator {
    public struct Report: Sendable {
        public var applied: [Int]
        public var current: Int
    }

    private let connection: PostgresConnection
    private let logger: Logger
    private let migrations: [Migration]

    public init(connection: PostgresConnection, logger: Logger, migrations: [Migration] = Migration.all) {
        self.connection = connection
        self.logger = logger
        self.migrations = migrations
    }

    /// Brings the database to the latest version.
    /// - Throws: ``StoreError`` when a migration fails or an applied one was changed.
    @discardableResult
    public func migrate() throws -> Report {
        try connection.query("SELECT pg_advisory_lock(\(Self.lockKey))")
        defer { _ = try? connection.query("SELECT pg_advisory_unlock(\(Self.lockKey))") }
        try connection.execute("""
            CREATE TABLE IF NOT EXISTS public.suivi_schema_migrations (
                version    integer     PRIMARY KEY,
                name       text        NOT NULL,
                checksum   text        NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """)
        let rows = try connection.query("SELECT version, checksum FROM public.suivi_schema_migrations")
        var applied: [Int: String] = [:]
        for row in rows.rows { applied[Int(try row.int("version"))] = try row.string("checksum") }
        var report = Report(applied: [], current: applied.keys.max() ?? 0)
        for migration in migrations.sorted(by: { $0.version < $1.version }) {
            let checksum = Self.checksum(migration.sql)
            if let recorded = applied[migration.version] {
                if recorded != checksum {
                    throw StoreError(code: .migrationChanged,
                        message: "migration \(migration.version) (\(migration.name)) differs from the one applied to this database; migrations must never be edited, add a new one")
                }
                continue
            }
            try connection.transaction { connection in
                do {
                    try connection.execute(migration.sql)
                } catch let error as PostgresError {
                    throw StoreError(code: .migrationFailed,
                        message: "migration \(migration.version) (\(migration.name)) failed: \(error.description)", underlying: error)
                }
                try connection.query("""
                    INSERT INTO public.suivi_schema_migrations (version, name, checksum)
                    VALUES (\(migration.version), \(migration.name), \(checksum))
                    """)
            }
            logger.info("applied migration", metadata: ["suivi.migration.version": "\(migration.version)", "suivi.migration.name": "\(migration.name)"])
            report.applied.append(migration.version)
            report.current = max(report.current, migration.version)
        }
        try connection.execute(DatabaseGrants.sql)
        return report
    }

    /// Checks that the database has every migration of this build, without changing anything.
    /// - Throws: ``StoreError`` `notMigrated` with what to run.
    public func ensureCurrent() throws {
        var applied: Set<Int> = []
        do {
            for row in try connection.query("SELECT version FROM public.suivi_schema_migrations").rows {
                applied.insert(Int(try row.int("version")))
            }
        } catch let error as PostgresError where error.sqlState == PostgresError.SQLState.undefinedTable {
            throw StoreError(code: .notMigrated,
                message: "the database at \(connection.endpoint) has no Suivi schema; run `suivi migrate` (or start the worker with --migrate)",
                underlying: error)
        }
        // Every migration, not just the highest: one merged in later may carry a lower number.
        let missing = migrations.map(\.version).filter { !applied.contains($0) }.sorted()
        if !missing.isEmpty {
            throw StoreError(code: .notMigrated,
                message: "the database lacks schema migration\(missing.count == 1 ? "" : "s") \(missing.map(String.init).joined(separator: ", ")) of this build; run `suivi migrate`")
        }
    }

    /// The latest version known to this build.
    public static var latestVersion: Int { Migration.all.map(\.version).max() ?? 0 }

    private static let lockKey: Int64 = 0x5355_4956_4931  // "SUIVI1"

    static func checksum(_ sql: String) -> String {
        SHA256.hash(data: Array(sql.utf8)).map { byte in
            let digits = Array("0123456789abcdef")
            return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
        }.joined()
    }
}
