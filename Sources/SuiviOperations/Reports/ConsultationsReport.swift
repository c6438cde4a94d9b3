public import SuiviDomain

/// What `suivi consultations` prints: the regional consultations and their coverage of the regions.
public enum ConsultationsReport {
    public static func json(_ regional: JSON) -> String { regional.prettyText() }

    public static func text(_ regional: JSON) -> String {
        let consultations = regional["consultations"]?.arrayValue ?? []
        func text(_ object: JSON, _ key: String) -> String {
            switch object[key] {
            case .string(let value)?: value
            case .number(let value)?: value
            default: "-"
            }
        }
        let rows = consultations.map { row -> [String] in
            let participants = [
                "participantsStates", "participantsNhris", "participantsCivilSociety", "participantsUnEntities",
                "participantsRegionalMechanisms",
            ].map { text(row, $0) }.joined(separator: "/")
            return [
                text(row, "consultationId"), text(row, "region"), text(row, "status"), text(row, "heldOn"),
                row["heldOn"] == nil || row["heldOn"] == .null ? "-" : participants,
                String((row["goodPractices"]?.arrayValue ?? []).count),
                row["cancellationReason"].flatMap(\.stringValue) ?? text(row, "summaryReference"),
            ]
        }
        let coverage = regional["coverage"]
        let covered = coverage?["covered"]?.intValue ?? 0
        let total = coverage?["regions"]?.intValue ?? 0
        let missing = (coverage?["byRegion"]?.arrayValue ?? []).filter { $0["covered"]?.boolValue != true }
            .compactMap { $0["region"]?.stringValue }
        var lines = [
            TextTable(
                headers: [
                    "CONSULTATION", "REGION", "STATUS", "HELD ON", "PARTICIPANTS S/N/CS/UN/RM", "GOOD PRACTICES",
                    "SUMMARY / CANCELLATION",
                ],
                rows: rows
            ).rendered
        ]
        lines.append(
            "regions covered: \(covered)/\(total)"
                + (missing.isEmpty ? "" : " (missing: \(missing.joined(separator: ", ")))"))
        return lines.joined(separator: "\n")
    }
}
