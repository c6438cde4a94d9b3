/// One versioned schema change. Versions only grow; an applied migration is never edited (its
/// checksum is recorded and checked).
public struct Migration: Sendable {
    public let version: Int
    public let name: String
    public let sql: String

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }

    /// Every migration, in order.
    public static let all: [Migration] = [
        Migration0001EventStore.migration,
        Migration0002ReadModels.migration,
        Migration0003Roles.migration,
        Migration0004StreamVersions.migration,
        Migration0005AuditModels.migration,
        Migration0006Operations.migration,
        Migration0007Integrators.migration,
        Migration0008Logins.migration,
        Migration0009ConsoleIndexes.migration,
        Migration0010Ledger.migration,
        Migration0011StateSummary.migration,
        Migration0012EventIndexes.migration,
        Migration0013ReadModelIndexes.migration,
    ]
}
