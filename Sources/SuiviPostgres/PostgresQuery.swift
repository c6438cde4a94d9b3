/// A statement and its parameters. String interpolation turns each interpolated value into a `$n`
/// parameter, so values never become part of the SQL text:
///
/// ```swift
/// let rows = try connection.query("SELECT * FROM cases WHERE state = \(state) LIMIT \(limit)")
/// ```
///
/// Use ``PostgresQuery/unescaped(_:)`` only for identifiers the code itself controls (schema names).
public struct PostgresQuery: Sendable, Hashable, ExpressibleByStringInterpolation {
    public var sql: String
    public var binds: [PostgresValue]

    public init(sql: String, binds: [PostgresValue] = []) {
        self.sql = sql
        self.binds = binds
    }

    public init(stringLiteral value: String) {
        self.init(sql: value)
    }

    public init(stringInterpolation: StringInterpolation) {
        self.init(sql: stringInterpolation.sql, binds: stringInterpolation.binds)
    }

    public struct StringInterpolation: StringInterpolationProtocol {
        var sql = ""
        var binds: [PostgresValue] = []

        public init(literalCapacity: Int, interpolationCount: Int) {
            sql.reserveCapacity(literalCapacity + interpolationCount * 3)
            binds.reserveCapacity(interpolationCount)
        }

        public mutating func appendLiteral(_ literal: String) { sql += literal }

        public mutating func appendInterpolation(_ value: PostgresValue) {
            binds.append(value)
            sql += "$\(binds.count)"
        }

        public mutating func appendInterpolation(_ value: String) { appendInterpolation(.text(value)) }
        public mutating func appendInterpolation(_ value: String?) { appendInterpolation(value.map { .text($0) } ?? .null) }
        public mutating func appendInterpolation(_ value: Int) { appendInterpolation(.int(Int64(value))) }
        public mutating func appendInterpolation(_ value: Int64) { appendInterpolation(.int(value)) }
        public mutating func appendInterpolation(_ value: Int64?) { appendInterpolation(value.map { .int($0) } ?? .null) }
        public mutating func appendInterpolation(_ value: Int32) { appendInterpolation(.int(Int64(value))) }
        public mutating func appendInterpolation(_ value: Bool) { appendInterpolation(.bool(value)) }
        public mutating func appendInterpolation(_ value: [UInt8]) { appendInterpolation(.bytes(value)) }

        /// Inserts trusted SQL text as is: only for identifiers chosen by the code, never for input.
        public mutating func appendInterpolation(unescaped text: String) { sql += text }
    }
}
