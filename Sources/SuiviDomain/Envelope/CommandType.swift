/// Every command Suivi accepts. The CloudEvents `type` is `suivi.command.` followed by the raw value.
///
/// Names are imperative and distinct from the past-tense events they produce; `Schemas/README.md` maps
/// them to the names used in the mandate's issue (ConsentGiven is ``giveConsent``, a case's
/// ConsultationHeld is ``recordNationalConsultation``...).
public enum CommandType: String, Sendable, Hashable, CaseIterable {
    // AssistanceCase
    case requestAssistance = "RequestAssistance"
    case giveConsent = "GiveConsent"
    case amendConsent = "AmendConsent"
    case withdrawConsent = "WithdrawConsent"
    case decideAssistance = "DecideAssistance"
    case recordActivity = "RecordActivity"
    case recordNationalConsultation = "RecordNationalConsultation"
    case submitCaseReport = "SubmitCaseReport"
    case closeCase = "CloseCase"
    // RegionalConsultation
    case scheduleConsultation = "ScheduleConsultation"
    case recordConsultationHeld = "RecordConsultationHeld"
    case publishConsultationSummary = "PublishConsultationSummary"
    case cancelConsultation = "CancelConsultation"
    // MandatedReport
    case mandateReport = "MandateReport"
    case startDrafting = "StartDrafting"
    case submitReport = "SubmitReport"
    case presentReport = "PresentReport"
    case deferReport = "DeferReport"
    case waiveConsultation = "WaiveConsultation"

    public static let prefix = "suivi.command."

    /// The CloudEvents `type` attribute of this command.
    public var cloudEventType: String { Self.prefix + rawValue }

    /// The command type named by a CloudEvents `type` attribute; nil when it names none.
    public init?(cloudEventType: String) {
        guard cloudEventType.hasPrefix(Self.prefix) else { return nil }
        self.init(name: String(cloudEventType.dropFirst(Self.prefix.count)))
    }

    /// The command a name stands for: its own name, or one of the design card's names (``aliases``).
    public init?(name: String) {
        if let primary = Self(rawValue: name) {
            self = primary
        } else if let aliased = Self.aliases[name] {
            self = aliased
        } else {
            return nil
        }
    }

    /// The design card's names for three commands, accepted as synonyms. A command sent under either
    /// name is the same command: same events, same fingerprint (so a repeat under the other name is a
    /// duplicate), and its outcome names the type as it was sent. The imperative names stay primary:
    /// a command asks for something that may be refused, and the past-tense names are the events
    /// (`suivi.event.ConsentGiven`, ...) that record what was accepted.
    public static let aliases: [String: CommandType] = [
        "ConsentGiven": .giveConsent,
        "ConsultationHeld": .recordConsultationHeld,
        "ReportSubmitted": .submitReport,
    ]

    /// Every name a command type is accepted under: the primary names, then the aliases.
    public static var acceptedNames: [String] {
        allCases.map(\.rawValue) + aliases.keys.sorted()
    }

    /// The aggregate a command of this type addresses.
    public var aggregate: AggregateKind {
        switch self {
        case .requestAssistance, .giveConsent, .amendConsent, .withdrawConsent, .decideAssistance, .recordActivity,
            .recordNationalConsultation, .submitCaseReport, .closeCase:
            .assistanceCase
        case .scheduleConsultation, .recordConsultationHeld, .publishConsultationSummary, .cancelConsultation:
            .regionalConsultation
        case .mandateReport, .startDrafting, .submitReport, .presentReport, .deferReport, .waiveConsultation:
            .mandatedReport
        }
    }
}

/// The kinds of aggregate, each its own event stream keyed by its id.
public enum AggregateKind: String, Sendable, Hashable, CaseIterable {
    /// One State's request for assistance, its consents, decisions and activities.
    case assistanceCase = "AssistanceCase"
    /// One of the five regional consultations the resolution asks OHCHR to organise.
    case regionalConsultation = "RegionalConsultation"
    /// The report to the Human Rights Council drawn from the regional consultations.
    case mandatedReport = "MandatedReport"
}
