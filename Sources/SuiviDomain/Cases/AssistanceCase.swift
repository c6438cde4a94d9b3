/// The decider of one assistance case: its state, the decisions it takes on commands, and how its
/// events change it. Pure functions, no I/O.
public enum AssistanceCase {
    public struct State: Sendable, Hashable {
        public var exists = false
        public var status: CaseStatus = .requested
        /// ISO 3166-1 alpha-3 code of the State concerned.
        public var state: String = ""
        public var provider: Provider? = nil
        /// Consents by id, and the order in which they were given.
        public var consents: [String: Consent] = [:]
        public var consentOrder: [String] = []
        /// Approvals in force; cleared when the case is suspended, so a new approval is needed after it.
        public var approvals: [ApprovalScope] = []
        public var activityIDs = ActivityIDs()

        public init() {}

        /// Consents not withdrawn, oldest first.
        public var liveConsents: [Consent] { consentOrder.compactMap { consents[$0] }.filter { !$0.withdrawn } }
    }

    public static func decide(_ command: Command, state: State) -> Decision {
        if case .requestAssistance(let request) = command.payload {
            if state.exists {
                return .rejected([
                    Rejection(
                        .caseAlreadyExists,
                        "case \(command.streamID) was already requested; use a new subject for a new request")
                ])
            }
            return .accepted([.assistanceRequested(AssistanceRequested(request: request))])
        }
        guard state.exists else {
            return .rejected([
                Rejection(
                    .unknownCase,
                    "case \(command.streamID) was never requested; send RequestAssistance with this subject first, or check the subject"
                )
            ])
        }
        if state.status == .closed {
            return .rejected([
                Rejection(
                    .caseClosed,
                    "case \(command.streamID) is closed; nothing more can be recorded in it (open a new case with a new request)"
                )
            ])
        }
        if state.status == .declined, command.envelope.type != .closeCase {
            return .rejected([
                Rejection(
                    .caseDeclined,
                    "the assistance in case \(command.streamID) was declined; the case can only be closed (a new request needs a new case)"
                )
            ])
        }
        switch command.payload {
        case .giveConsent(let consent): return decideConsent(consent, command: command, state: state)
        case .amendConsent(let amendment): return decideAmendment(amendment, command: command, state: state)
        case .withdrawConsent(let withdrawal): return decideWithdrawal(withdrawal, command: command, state: state)
        case .decideAssistance(let decision): return decideDecision(decision, command: command, state: state)
        case .recordActivity(let activity): return decideActivity(activity, command: command, state: state)
        case .recordNationalConsultation(let consultation):
            return .accepted([.nationalConsultationHeld(NationalConsultationHeld(consultation: consultation))])
        case .submitCaseReport(let report):
            return .accepted([.caseReportSubmitted(CaseReportSubmitted(report: report))])
        case .closeCase(let closure): return .accepted([.caseClosed(CaseClosed(closure: closure))])
        default:
            return .rejected([
                Rejection(
                    .streamTypeMismatch,
                    "\(command.envelope.type.rawValue) is not a command of an assistance case; use the subject of a \(command.aggregate.rawValue)"
                )
            ])
        }
    }

    /// Applies one event to `state`, in place.
    public static func evolve(_ state: inout State, _ event: DomainEvent) {
        switch event {
        case .assistanceRequested(let requested):
            state.exists = true
            state.state = requested.request.state
            state.provider = requested.request.provider
        case .consentGiven(let given):
            let consent = given.consent
            state.consents[consent.consentID] = Consent(
                id: consent.consentID, grantedBy: consent.grantedBy, scope: consent.scope)
            state.consentOrder.append(consent.consentID)
        case .consentAmended(let amended):
            state.consents[amended.amendment.consentID]?.scope = amended.amendment.scope
            state.consents[amended.amendment.consentID]?.amendments += 1
        case .consentWithdrawn(let withdrawn):
            state.consents[withdrawn.withdrawal.consentID]?.withdrawn = true
            if withdrawn.remainingConsentIDs.isEmpty { state.approvals = [] }
        case .assistanceApproved(let approved):
            state.approvals.append(
                ApprovalScope(
                    activityKinds: approved.decision.activityKinds ?? [], providers: approved.decision.providers ?? [],
                    consentID: approved.consentID))
        case .activityRecorded(let recorded):
            state.activityIDs.insert(recorded.activity.activityID)
        default:
            break
        }
        state.status = state.status.after(event)
    }
}
