/// The commands of one mandated report drawing on five regional consultations, in the order one producer
/// publishes them: the report mandated, each consultation scheduled and held, drafting started, the
/// report submitted, and (optionally) a later command of the report. The consultations are other streams,
/// so usually other partitions: the scenario that causal order across aggregates must get right.
///
/// The tests, the fault suite and the benchmark publish it; the ids and subjects carry a prefix so that
/// each run is fresh.
public struct CrossStreamScenario: Sendable {
    /// The prefix of every id and subject.
    public var prefix: String
    /// How many consultations the report draws on.
    public var consultations: Int
    /// The consultation (0-based) whose RecordConsultationHeld is left out, if any.
    public var neverHeld: Int?
    /// The regions, in the order the consultations take them.
    public static let regions = [
        "african-states", "asia-pacific-states", "eastern-european-states", "latin-american-and-caribbean-states",
        "western-european-and-other-states",
    ]

    public init(prefix: String, consultations: Int = 5, neverHeld: Int? = nil) {
        self.prefix = prefix
        self.consultations = min(max(1, consultations), Self.regions.count)
        self.neverHeld = neverHeld
    }

    /// The report's subject.
    public var report: String { "\(prefix)-report" }
    /// The consultations' subjects.
    public var consultationSubjects: [String] { (0..<consultations).map { "\(prefix)-rc-\($0)" } }
    /// The id of the submission (whose outcome the scenario is about).
    public var submissionID: String { "\(prefix)-submit" }
    /// The id of the report command published after the submission.
    public var followerID: String { "\(prefix)-present" }

    /// The messages in publish order, each with its Kafka key (the subject).
    public func messages(withFollower: Bool = false) -> [(key: String, value: [UInt8])] {
        var commands: [(String, JSON)] = []
        commands.append((report, envelope(id: "\(prefix)-mandate", type: "MandateReport", subject: report, time: "2019-10-07T10:00:00Z", data: [
            "resolution": "A/HRC/RES/42/30", "dueSession": .int(47), "title": "Report on national mechanisms",
        ])))
        for (index, subject) in consultationSubjects.enumerated() {
            commands.append((subject, envelope(id: "\(prefix)-rc-\(index)-sched", type: "ScheduleConsultation", subject: subject,
                time: "2019-11-04T09:00:00Z", data: [
                    "region": .string(Self.regions[index]), "title": .string("Regional consultation \(index + 1)"),
                    "plannedDate": "2020-02-18", "modality": "virtual",
                ])))
            if index != neverHeld {
                commands.append((subject, envelope(id: "\(prefix)-rc-\(index)-held", type: "RecordConsultationHeld", subject: subject,
                    time: "2020-02-20T09:00:00Z", data: [
                        "heldOn": "2020-02-18", "modality": "virtual", "goodPractices": ["A standing inter-ministerial committee."],
                        "participants": ["states": .int(20), "nhris": .int(5), "civilSociety": .int(10), "unEntities": .int(4), "regionalMechanisms": .int(1)],
                    ])))
            }
        }
        commands.append((report, envelope(id: "\(prefix)-drafting", type: "StartDrafting", subject: report, time: "2020-06-01T10:00:00Z",
            data: ["leadOffice": "OHCHR"])))
        commands.append((report, envelope(id: submissionID, type: "SubmitReport", subject: report, time: "2021-04-20T10:00:00Z", data: [
            "documentSymbol": "A/HRC/47/20", "drawsOn": .array(consultationSubjects.map { .string($0) }),
        ])))
        if withFollower {
            commands.append((report, envelope(id: followerID, type: "PresentReport", subject: report, time: "2021-07-01T10:00:00Z", data: [
                "session": .int(47), "presentedBy": "Deputy High Commissioner for Human Rights",
            ])))
        }
        return commands.map { (key: $0.0, value: $0.1.canonicalBytes) }
    }

    private func envelope(id: String, type: String, subject: String, time: String, data: [String: JSON]) -> JSON {
        [
            "specversion": "1.0", "id": .string(id), "source": "urn:suivi:scenario", "type": .string(CommandType.prefix + type),
            "subject": .string(subject), "time": .string(time), "datacontenttype": "application/json",
            "actor": "secretariat-nmirf", "actorrole": "secretariat", "data": .object(data),
        ]
    }
}
