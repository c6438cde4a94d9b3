internal import SuiviDomain
public import SuiviPostgres

/// The queries behind `suivi case show` and `suivi cases list`.
public struct CaseQueries {
    /// Filters for `suivi cases list`; nil means any.
    public struct Filter: Sendable {
        public var state: String?
        public var status: String?
        public var provider: String?
        public var limit: Int
        /// Cases skipped before the first returned (paging).
        public var offset: Int = 0

        public init(state: String? = nil, status: String? = nil, provider: String? = nil, limit: Int = 1000, offset: Int = 0) {
            self.offset = offset
            self.state = state
            self.status = status
            self.provider = provider
            self.limit = limit
        }
    }

    public let connection: PostgresConnection
    public let schema: String

    public init(connection: PostgresConnection, schema: String = ReadModelSchema.live) {
        self.connection = connection
        self.schema = schema
    }

    /// One case, or nil when no such case was projected.
    public func show(_ caseID: String) throws -> CaseRow? {
        let result = try run("SELECT \(unescaped: Self.columns) FROM \(unescaped: schema).cases WHERE case_id = \(caseID)")
        return try result.rows.first.map(Self.decode)
    }

    /// Cases matching the filter, by State then id.
    public func list(_ filter: Filter = Filter()) throws -> [CaseRow] {
        let result = try run("""
            SELECT \(unescaped: Self.columns) FROM \(unescaped: schema).cases
            WHERE (\(filter.state)::text IS NULL OR state = \(filter.state))
              AND (\(filter.status)::text IS NULL OR status = \(filter.status))
              AND (\(filter.provider)::text IS NULL OR provider = \(filter.provider))
            ORDER BY state, case_id
            LIMIT \(filter.limit) OFFSET \(filter.offset)
            """)
        return try result.rows.map(Self.decode)
    }

    /// The cases `filter` matches in all, before its limit and offset.
    public func count(_ filter: Filter = Filter()) throws -> Int {
        let result = try run("""
            SELECT count(*) AS n FROM \(unescaped: schema).cases
            WHERE (\(filter.state)::text IS NULL OR state = \(filter.state))
              AND (\(filter.status)::text IS NULL OR status = \(filter.status))
              AND (\(filter.provider)::text IS NULL OR provider = \(filter.provider))
            """)
        return Int(try result[0].int("n"))
    }

    /// One slice of the cases `filter` matches and their total.
    public func page(_ filter: Filter) throws -> Paged<CaseRow> {
        Paged(items: try list(filter), total: try count(filter), offset: filter.offset)
    }

    /// One slice of every case, by State then id, and their total.
    public func page(_ request: PageRequest) throws -> Paged<CaseRow> {
        try page(Filter(limit: request.limit, offset: request.offset))
    }

    static let columns = """
        case_id, state, provider, provider_office, purpose, array_to_string(capacities, ',') AS capacities, tracking_tool,
        request_reference, description, status, (extract(epoch FROM requested_at) * 1000000)::bigint AS requested_us, requested_by,
        (extract(epoch FROM last_event_at) * 1000000)::bigint AS last_event_us, version, last_position,
        current_consent_id, (extract(epoch FROM current_consent_valid_from) * 1000000)::bigint AS consent_from_us,
        (extract(epoch FROM current_consent_valid_until) * 1000000)::bigint AS consent_until_us,
        (extract(epoch FROM declined_at) * 1000000)::bigint AS declined_us, declined_by, declined_reason,
        (extract(epoch FROM closed_at) * 1000000)::bigint AS closed_us, closure, closure_note
        """

    static func decode(_ row: PostgresRow) throws -> CaseRow {
        var decoded = CaseRow(
            caseID: try row.string("case_id"), state: try row.string("state"), provider: try row.string("provider"),
            providerOffice: row["provider_office"], purpose: try row.string("purpose"),
            capacities: (row["capacities"] ?? "").split(separator: ",").map(String.init),
            trackingTool: row["tracking_tool"], requestReference: row["request_reference"], description: row["description"],
            status: try row.string("status"), requestedAt: Timestamp(microseconds: try row.int("requested_us")),
            requestedBy: try row.string("requested_by"), lastEventAt: Timestamp(microseconds: try row.int("last_event_us")),
            version: Int(try row.int("version")), lastPosition: try row.int("last_position"))
        func time(_ column: String) throws -> Timestamp? { try row.optionalInt(column).map(Timestamp.init(microseconds:)) }
        decoded.currentConsentID = row["current_consent_id"]
        decoded.currentConsentValidFrom = try time("consent_from_us")
        decoded.currentConsentValidUntil = try time("consent_until_us")
        decoded.declinedAt = try time("declined_us")
        decoded.declinedBy = row["declined_by"]
        decoded.declinedReason = row["declined_reason"]
        decoded.closedAt = try time("closed_us")
        decoded.closure = row["closure"]
        decoded.closureNote = row["closure_note"]
        return decoded
    }

    private func run(_ query: PostgresQuery) throws -> PostgresResult {
        do { return try connection.query(query) } catch { throw StoreError.wrap(error) }
    }
}
