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

extension SampleCommands {
    /// The State's consent to a case of Togo (as in the demo scenario), for another case and id.
    static func giveConsent(case caseID: String, id: String, consent: String) -> [UInt8] {
        let json: JSON = [
            "specversion": "1.0", "id": .string(id), "source": "urn:ohchr:nmirf-tracker", "type": "suivi.command.GiveConsent",
            "subject": .string(caseID), "time": "2026-03-05T10:00:00Z", "datacontenttype": "application/json",
            "actor": "a.mensah", "actorrole": "state-authority",
            "data": [
                "consentId": .string(consent),
                "grantedBy": ["name": "Mme Akossiwa Mensah", "office": "Ministère des Droits de l'Homme", "state": "TGO"],
                "instrument": ["kind": "note-verbale", "reference": "NV/MDHFCRIR/2026/0143", "dated": "2026-03-01"],
                "scope": [
                    "activityKinds": ["needs-assessment", "training"], "providers": ["ohchr-field-presence"],
                    "validFrom": "2026-03-01", "validUntil": "2026-12-31",
                ],
            ],
        ]
        return json.canonicalBytes
    }
}
