import SuiviDomain

/// Realistic commands built with the domain's own types.
enum SampleCommands {
    static let states = ["TGO", "PRY", "MNG", "SEN", "FJI", "MDA", "URY", "KEN"]

    static func requestAssistance(case caseID: String, id: String, state: String = "TGO", minute: Int = 0) -> CommandEnvelope {
        CommandEnvelope(
            id: id, source: "urn:ohchr:field-tracker:test", type: .requestAssistance, subject: caseID,
            time: Timestamp(rfc3339: "2026-03-02T09:00:00Z")!.adding(microseconds: Int64(minute) * 60_000_000),
            actor: "focal.point@\(state.lowercased()).gov.example", actorRole: .stateAuthority,
            onBehalfOf: "Ministry of Justice and Human Rights of \(state)",
            data: [
                "state": .string(state),
                "provider": "ohchr-field-presence",
                "purpose": "strengthen",
                "capacities": ["engagement", "coordination", "information-management"],
                "trackingTool": "IMPACT OSS",
                "requestReference": .string("NV/2026/\(id)"),
            ])
    }

    static func bytes(_ envelope: CommandEnvelope) -> [UInt8] { envelope.json.canonicalBytes }
}
