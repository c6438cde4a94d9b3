public import SuiviDomain
public import SuiviPostgres

/// The query behind the console's Search page: ids that start with what was typed, across cases,
/// commands, consents, activities, consultations and reports. Command ids match exactly (the outcomes
/// table is the store's largest; its index answers equality).
public struct SearchQueries {
    public let connection: PostgresConnection
    public let schema: String
    /// Hits per kind at most.
    public var perKind: Int

    public init(connection: PostgresConnection, schema: String = ReadModelSchema.live, perKind: Int = 20) {
        self.connection = connection
        self.schema = schema
        self.perKind = perKind
    }

    /// One object per hit: `kind` (case, command, consent, activity, regional-consultation,
    /// national-consultation, report), `id`, `streamId` (the stream it lives in), `caseId` (that stream
    /// when it is a case, else null) and `detail`.
    public func search(_ text: String) throws -> [JSON] {
        // LIKE 'prefix%' rather than starts_with(): btree indexes with text_pattern_ops serve it (migration 9).
        let prefix = Self.likePrefix(text)
        return try ReadModelRows(connection: connection).objects(
            """
            SELECT row_to_json(h)::text AS row FROM (
                (SELECT 'case' AS kind, case_id AS id, case_id AS stream_id, case_id, state || ' · ' || status AS detail
                    FROM \(unescaped: schema).cases WHERE case_id LIKE \(prefix) ORDER BY case_id LIMIT \(perKind))
                UNION ALL
                (SELECT 'command', command_id, subject,
                    (SELECT c.case_id FROM \(unescaped: schema).cases c WHERE c.case_id = o.subject), command_type || ' · ' || status
                    -- Each half matches one of the two partial indexes on command_id (migration 7); a bare
                    -- command_id = x can use neither and scanned every outcome.
                    FROM (
                        (SELECT * FROM suivi.outcomes WHERE command_id = \(text) AND status <> 'invalid')
                        UNION ALL
                        (SELECT * FROM suivi.outcomes WHERE command_id = \(text) AND status = 'invalid')
                    ) o ORDER BY position LIMIT \(perKind))
                UNION ALL
                (SELECT 'consent', consent_id, case_id, case_id, granted_by_name || ' · ' || instrument_reference
                    FROM \(unescaped: schema).consents WHERE consent_id LIKE \(prefix) ORDER BY consent_id, case_id LIMIT \(perKind))
                UNION ALL
                (SELECT 'activity', activity_id, case_id, case_id, kind || ' · ' || title
                    FROM \(unescaped: schema).activities WHERE activity_id LIKE \(prefix) ORDER BY activity_id, case_id LIMIT \(perKind))
                UNION ALL
                (SELECT 'regional-consultation', consultation_id, consultation_id, NULL, region || ' · ' || status
                    FROM \(unescaped: schema).regional_consultations WHERE consultation_id LIKE \(prefix) ORDER BY consultation_id LIMIT \(perKind))
                UNION ALL
                (SELECT 'national-consultation', consultation_id, case_id, case_id, held_on::text || ' · ' || modality
                    FROM \(unescaped: schema).national_consultations WHERE consultation_id LIKE \(prefix) ORDER BY consultation_id, case_id LIMIT \(perKind))
                UNION ALL
                (SELECT 'report', report_id, report_id, NULL, status || ' · ' || title
                    FROM \(unescaped: schema).reports WHERE report_id LIKE \(prefix) ORDER BY report_id LIMIT \(perKind))
            ) h
            """)
    }

    /// `text` as a LIKE pattern that matches what starts with it: `\`, `%` and `_` escaped, `%` added.
    static func likePrefix(_ text: String) -> String {
        var pattern = ""
        for character in text {
            if character == "\\" || character == "%" || character == "_" { pattern.append("\\") }
            pattern.append(character)
        }
        return pattern + "%"
    }
}
