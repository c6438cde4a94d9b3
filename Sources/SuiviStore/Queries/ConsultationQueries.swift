public import SuiviDomain
public import SuiviPostgres

/// The query behind `suivi consultations`: the regional consultations and how far they cover the regions.
public struct ConsultationQueries {
    public let connection: PostgresConnection
    public let schema: String

    public init(connection: PostgresConnection, schema: String = ReadModelSchema.live) {
        self.connection = connection
        self.schema = schema
    }

    /// Every regional consultation (by region, then planned date) and the coverage of the regions of
    /// `referenceData`: a region is covered when one of its consultations was held.
    ///
    /// - Returns: `{"coverage": {"covered": x, "regions": n, "byRegion": [...]}, "consultations": [...]}`.
    public func regional(referenceData: ReferenceData = .standard) throws -> JSON {
        let rows = try ReadModelRows(connection: connection).objects(
            """
            SELECT row_to_json(r)::text AS row FROM \(unescaped: schema).regional_consultations r
            ORDER BY r.region, r.planned_date, r.consultation_id
            """)
        let held: Set<String> = ["held", "summary-published"]
        let byRegion: [JSON] = referenceData.regions.map { region in
            let mine = rows.filter { $0["region"]?.stringValue == region.code }
            let heldHere = mine.filter { held.contains($0["status"]?.stringValue ?? "") }
            return [
                "region": .string(region.code), "name": .string(region.name), "covered": .bool(!heldHere.isEmpty),
                "consultations": .array(mine.compactMap { $0["consultationId"] }),
                "held": .array(heldHere.compactMap { $0["consultationId"] }),
            ]
        }
        let covered = byRegion.filter { $0["covered"]?.boolValue == true }.count
        return [
            "coverage": [
                "covered": .int(covered), "regions": .int(referenceData.regions.count), "byRegion": .array(byRegion),
            ],
            "consultations": .array(rows),
        ]
    }
}
