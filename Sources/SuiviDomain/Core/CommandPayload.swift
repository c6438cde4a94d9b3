/// The typed payload of each command type.
public enum CommandPayload: Sendable, Hashable {
    case requestAssistance(RequestAssistance)
    case giveConsent(GiveConsent)
    case amendConsent(AmendConsent)
    case withdrawConsent(WithdrawConsent)
    case decideAssistance(DecideAssistance)
    case recordActivity(RecordActivity)
    case recordNationalConsultation(RecordNationalConsultation)
    case submitCaseReport(SubmitCaseReport)
    case closeCase(CloseCase)
    case scheduleConsultation(ScheduleConsultation)
    case recordConsultationHeld(RecordConsultationHeld)
    case publishConsultationSummary(PublishConsultationSummary)
    case cancelConsultation(CancelConsultation)
    case mandateReport(MandateReport)
    case startDrafting(StartDrafting)
    case submitReport(SubmitReport)
    case presentReport(PresentReport)
    case deferReport(DeferReport)
    case waiveConsultation(WaiveConsultation)

    /// The command type this payload belongs to.
    public var type: CommandType {
        switch self {
        case .requestAssistance: .requestAssistance
        case .giveConsent: .giveConsent
        case .amendConsent: .amendConsent
        case .withdrawConsent: .withdrawConsent
        case .decideAssistance: .decideAssistance
        case .recordActivity: .recordActivity
        case .recordNationalConsultation: .recordNationalConsultation
        case .submitCaseReport: .submitCaseReport
        case .closeCase: .closeCase
        case .scheduleConsultation: .scheduleConsultation
        case .recordConsultationHeld: .recordConsultationHeld
        case .publishConsultationSummary: .publishConsultationSummary
        case .cancelConsultation: .cancelConsultation
        case .mandateReport: .mandateReport
        case .startDrafting: .startDrafting
        case .submitReport: .submitReport
        case .presentReport: .presentReport
        case .deferReport: .deferReport
        case .waiveConsultation: .waiveConsultation
        }
    }

    /// The payload as a command's `data`.
    public var json: JSON {
        switch self {
        case .requestAssistance(let payload): payload.json
        case .giveConsent(let payload): payload.json
        case .amendConsent(let payload): payload.json
        case .withdrawConsent(let payload): payload.json
        case .decideAssistance(let payload): payload.json
        case .recordActivity(let payload): payload.json
        case .recordNationalConsultation(let payload): payload.json
        case .submitCaseReport(let payload): payload.json
        case .closeCase(let payload): payload.json
        case .scheduleConsultation(let payload): payload.json
        case .recordConsultationHeld(let payload): payload.json
        case .publishConsultationSummary(let payload): payload.json
        case .cancelConsultation(let payload): payload.json
        case .mandateReport(let payload): payload.json
        case .startDrafting(let payload): payload.json
        case .submitReport(let payload): payload.json
        case .presentReport(let payload): payload.json
        case .deferReport(let payload): payload.json
        case .waiveConsultation(let payload): payload.json
        }
    }

    /// Decodes the `data` of a command of the given type.
    /// - Throws: ``DecodingFailure`` with every violation, paths starting at `$.data`.
    public static func decode(json: JSON, type: CommandType) throws(DecodingFailure) -> CommandPayload {
        try decode(type: type, data: json, path: "$.data").get()
    }

    /// Decodes the `data` of a command of the given type, listing every violation.
    static func decode(type: CommandType, data: JSON?, path: String) -> Result<CommandPayload, DecodingFailure> {
        switch type {
        case .requestAssistance: RequestAssistance.decode(data, path: path).map(Self.requestAssistance)
        case .giveConsent: GiveConsent.decode(data, path: path).map(Self.giveConsent)
        case .amendConsent: AmendConsent.decode(data, path: path).map(Self.amendConsent)
        case .withdrawConsent: WithdrawConsent.decode(data, path: path).map(Self.withdrawConsent)
        case .decideAssistance: DecideAssistance.decode(data, path: path).map(Self.decideAssistance)
        case .recordActivity: RecordActivity.decode(data, path: path).map(Self.recordActivity)
        case .recordNationalConsultation:
            RecordNationalConsultation.decode(data, path: path).map(Self.recordNationalConsultation)
        case .submitCaseReport: SubmitCaseReport.decode(data, path: path).map(Self.submitCaseReport)
        case .closeCase: CloseCase.decode(data, path: path).map(Self.closeCase)
        case .scheduleConsultation: ScheduleConsultation.decode(data, path: path).map(Self.scheduleConsultation)
        case .recordConsultationHeld: RecordConsultationHeld.decode(data, path: path).map(Self.recordConsultationHeld)
        case .publishConsultationSummary:
            PublishConsultationSummary.decode(data, path: path).map(Self.publishConsultationSummary)
        case .cancelConsultation: CancelConsultation.decode(data, path: path).map(Self.cancelConsultation)
        case .mandateReport: MandateReport.decode(data, path: path).map(Self.mandateReport)
        case .startDrafting: StartDrafting.decode(data, path: path).map(Self.startDrafting)
        case .submitReport: SubmitReport.decode(data, path: path).map(Self.submitReport)
        case .presentReport: PresentReport.decode(data, path: path).map(Self.presentReport)
        case .deferReport: DeferReport.decode(data, path: path).map(Self.deferReport)
        case .waiveConsultation: WaiveConsultation.decode(data, path: path).map(Self.waiveConsultation)
        }
    }
}
