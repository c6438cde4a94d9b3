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
        self.init(rawValue: String(cloudEventType.dropFirst(Self.prefix.count)))
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
