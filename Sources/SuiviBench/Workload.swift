import SuiviDomain

/// The benchmark's stream of commands, built from the domain's own types: per case a request, one
/// activity sent before any consent (a realistic rejection), the State's consent, an approval, then
/// activities and national consultations; plus the five regional consultations.
struct Workload {
    /// A command ready to publish: the Kafka key and the canonical CloudEvents bytes.
    struct Message {
        var key: [UInt8]
        var value: [UInt8]
        var id: String
    }

    private static let states = [
        "TGO", "SEN", "MLI", "BFA", "CIV", "GHA", "BEN", "NER", "KEN", "UGA", "PER", "COL", "ECU", "PHL",
        "IDN", "KHM", "MNG", "UKR", "MDA", "GEO", "ARM", "JOR", "TUN", "MAR", "PRY", "URY", "FJI", "WSM", "LKA", "NPL",
    ]
    private static let regions = [
        "african-states", "asia-pacific-states", "eastern-european-states",
        "latin-american-and-caribbean-states", "western-european-and-other-states",
    ]
    private static let kinds = ["needs-assessment", "advisory-mission", "training", "tool-deployment"]

    /// `total` commands over `cases` cases (the regional consultations' ten commands included).
    static func commands(total: Int, cases: Int, tag: String) -> [Message] {
        var messages: [Message] = []
        messages.reserveCapacity(total)
        let regional = min(10, total)
        let perCase = max(1, (total - regional) / max(1, cases))
        var remainder = total - regional - perCase * cases
        for index in 0..<cases where messages.count < total - regional {
            var count = perCase
            if remainder > 0 {
                count += 1
                remainder -= 1
            }
            for step in 0..<count where messages.count < total - regional {
                messages.append(caseCommand(case: index, step: step, tag: tag))
            }
        }
        for index in 0..<regional { messages.append(regionalCommand(index, tag: tag)) }
        // Interleave the cases as integrators would send them: round-robin over cases, each case in order.
        var byCase: [String: [Message]] = [:]
        var order: [String] = []
        for message in messages {
            let key = String(decoding: message.key, as: UTF8.self)
            if byCase[key] == nil { order.append(key) }
            byCase[key, default: []].append(message)
        }
        var interleaved: [Message] = []
        interleaved.reserveCapacity(messages.count)
        var round = 0
        while interleaved.count < messages.count {
            for key in order where round < byCase[key]!.count { interleaved.append(byCase[key]![round]) }
            round += 1
        }
        return interleaved
    }

    /// One request per case, for the latency run: each is visible in the read model as a new case.
    static func latencyCommand(_ index: Int, tag: String) -> Message {
        let subject = "case-LAT-\(tag)-\(index)"
        return message(
            id: "\(subject)-req", type: .requestAssistance, subject: subject, time: "2026-01-12T09:15:00Z",
            actor: "bench@ohchr.org", role: .ohchrOfficer, data: requestData(state: states[index % states.count]))
    }

    private static func caseCommand(case index: Int, step: Int, tag: String) -> Message {
        let state = states[index % states.count]
        let subject = "case-\(state)-\(tag)-\(index)"
        let consentID = "consent-\(state)-\(index)"
        switch step {
        case 0:
            return message(
                id: "\(subject)-req", type: .requestAssistance, subject: subject, time: "2026-01-12T09:15:00Z",
                actor: "kossi.agbeko@ohchr.org", role: .ohchrOfficer, data: requestData(state: state))
        case 1:
            // An activity before any consent: rejected, as the mandate requires.
            return activity(subject: subject, number: 0, time: "2026-01-20T10:00:00Z", day: 20, month: 1)
        case 2:
            return message(
                id: "\(subject)-consent", type: .giveConsent, subject: subject, time: "2026-01-30T10:00:00Z",
                actor: "a.mensah", role: .stateAuthority,
                data: [
                    "consentId": .string(consentID),
                    "grantedBy": [
                        "name": "Mme Akossiwa Mensah", "office": "Ministère des Droits de l'Homme",
                        "state": .string(state),
                    ],
                    "instrument": [
                        "kind": "note-verbale", "reference": .string("NV/\(state)/2026/\(index)"),
                        "dated": "2026-01-28",
                    ],
                    "scope": [
                        "activityKinds": .array(kinds.map(JSON.string)),
                        "providers": ["ohchr-field-presence", "undp-country-team"],
                        "validFrom": "2026-02-01", "validUntil": "2026-12-31",
                    ],
                ])
        case 3:
            return message(
                id: "\(subject)-decide", type: .decideAssistance, subject: subject, time: "2026-02-05T10:00:00Z",
                actor: "k.agbeko", role: .ohchrOfficer,
                data: [
                    "outcome": "approve",
                    "decidedBy": ["name": "M. Kossi Agbeko", "office": "OHCHR Regional Office for West Africa"],
                    "reason": "Demande conforme au mandat de la résolution 42/30; consentement reçu.",
                    "activityKinds": .array(kinds.map(JSON.string)), "providers": ["ohchr-field-presence"],
                    "consentId": .string(consentID),
                ])
        default:
            let number = step - 3
            let day = 1 + number % 28
            let month = 3 + (number / 28) % 9
            if number % 10 == 9 {
                return message(
                    id: "\(subject)-natcons-\(number)", type: .recordNationalConsultation, subject: subject,
                    time: .string(time(month: month, day: day)), actor: "k.agbeko", role: .ohchrOfficer,
                    data: [
                        "consultationId": .string("nc-\(index)-\(number)"),
                        "heldOn": .string(date(month: month, day: day)),
                        "modality": "in-person", "venue": "Lomé, Hôtel du 2 Février", "participants": 41,
                        "stakeholders": ["nhri", "civil-society", "academia"],
                        "summary": "Validation du plan d'action national de suivi des recommandations.",
                    ])
            }
            return activity(
                subject: subject, number: number, time: time(month: month, day: day), day: day, month: month)
        }
    }

    private static func activity(subject: String, number: Int, time: String, day: Int, month: Int) -> Message {
        message(
            id: "\(subject)-act-\(number)", type: .recordActivity, subject: subject, time: .string(time),
            actor: "k.agbeko", role: .ohchrOfficer,
            data: [
                "activityId": .string("act-\(number)"),
                "kind": .string(number % 2 == 0 ? "needs-assessment" : "training"),
                "title": "Atelier de renforcement des capacités du comité de suivi",
                "startDate": .string(date(month: month, day: day)), "endDate": .string(date(month: month, day: day)),
                "provider": "ohchr-field-presence", "providerOffice": "OHCHR Regional Office for West Africa",
                "participants": .int(12 + number % 30), "capacities": ["coordination", "information-management"],
            ])
    }

    private static func regionalCommand(_ index: Int, tag: String) -> Message {
        let region = regions[index % regions.count]
        let subject = "rc-\(tag)-\(region)"
        if index < regions.count {
            return message(
                id: "\(subject)-sched", type: .scheduleConsultation, subject: subject,
                time: "2019-11-04T09:00:00+01:00",
                actor: "secretariat-nmirf", role: .secretariat,
                data: [
                    "region": .string(region), "title": .string("Regional consultation on NMIRFs – \(region)"),
                    "plannedDate": "2020-02-18", "modality": "in-person", "host": "OHCHR",
                    "venue": "Addis Ababa, UNECA",
                ])
        }
        return message(
            id: "\(subject)-held", type: .recordConsultationHeld, subject: subject, time: "2020-02-20T09:00:00+03:00",
            actor: "secretariat-nmirf", role: .secretariat,
            data: [
                "heldOn": "2020-02-18", "endsOn": "2020-02-19", "modality": "in-person", "venue": "Addis Ababa, UNECA",
                "participants": [
                    "states": 27, "nhris": 14, "civilSociety": 22, "unEntities": 9, "regionalMechanisms": 2,
                ],
                "goodPractices": ["Un mécanisme interministériel permanent doté d'un secrétariat propre."],
            ])
    }

    private static func requestData(state: String) -> JSON {
        [
            "state": .string(state), "provider": "ohchr-field-presence",
            "providerOffice": "OHCHR Regional Office for West Africa (Dakar)",
            "purpose": "strengthen", "capacities": ["coordination", "information-management"],
            "trackingTool": "IMPACT OSS",
            "requestReference": "NV/MAEIA/DDH/2026/0117",
            "description": "Appui au Comité interministériel de suivi des recommandations (CIRR).",
        ]
    }

    private static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
    private static func date(month: Int, day: Int) -> String { "2026-\(two(month))-\(two(day))" }
    private static func time(month: Int, day: Int) -> String { "2026-\(two(month))-\(two(day))T17:00:00Z" }

    private static func message(
        id: String, type: CommandType, subject: String, time: JSON, actor: String, role: ActorRole, data: JSON
    )
        -> Message
    {
        let envelope = CommandEnvelope(
            id: id, source: "urn:suivi:bench", type: type, subject: subject,
            time: Timestamp(rfc3339: time.stringValue!)!,
            actor: actor, actorRole: role, data: data)
        return Message(key: Array(subject.utf8), value: envelope.json.canonicalBytes, id: id)
    }
}
