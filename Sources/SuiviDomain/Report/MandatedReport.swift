/// The decider of the report to the Council. Pure functions, no I/O; it reads the consultations it
/// draws on from the ``DecisionContext``.
public enum MandatedReport {
    public struct State: Sendable, Hashable {
        public var exists = false
        public var status: ReportStatus = .mandated
        public var resolution: String = ""
        /// The session the report is due at now.
        public var dueSession: Int = 0
        /// Every due session in order, the first from the mandate and one per deferral.
        public var sessionHistory: [Int] = []
        /// Consultations waived, with the reason.
        public var waivers: [String: String] = [:]

        public init() {}
    }

    public static func decide(_ command: Command, state: State, context: DecisionContext) -> Decision {
        let id = command.streamID
        if case .mandateReport(let mandate) = command.payload {
            if state.exists {
                return .rejected([
                    Rejection(
                        .reportAlreadyExists, "report \(id) is already mandated; use a new subject for another report")
                ])
            }
            return .accepted([.reportMandated(ReportMandated(mandate: mandate))])
        }
        guard state.exists else {
            return .rejected([
                Rejection(
                    .reportUnknown,
                    "report \(id) was never mandated; send MandateReport with this subject first, or check the subject")
            ])
        }
        func transition(_ needed: ReportStatus, _ action: String) -> Decision {
            .rejected([
                Rejection(
                    .reportInvalidTransition,
                    "report \(id) is \(state.status.rawValue); it must be \(needed.rawValue) to \(action)")
            ])
        }
        switch command.payload {
        case .startDrafting(let drafting):
            guard state.status == .mandated else { return transition(.mandated, "start drafting") }
            return .accepted([.draftingStarted(DraftingStarted(drafting: drafting))])
        case .waiveConsultation(let waiver):
            guard state.status == .mandated || state.status == .drafting else {
                return transition(.drafting, "waive a consultation (waivers come before submission)")
            }
            if state.waivers[waiver.consultationID] != nil {
                return .rejected([
                    Rejection(
                        .reportWaiverExists,
                        "consultation \(waiver.consultationID) is already waived for report \(id)")
                ])
            }
            if let rejection = unknownConsultation(waiver.consultationID, context: context) {
                return .rejected([rejection])
            }
            return .accepted([.consultationWaived(ConsultationWaived(waiver: waiver))])
        case .submitReport(let submission):
            guard state.status == .drafting else { return transition(.drafting, "be submitted") }
            var reasons: [Rejection] = []
            var waived: [String] = []
            for consultation in submission.drawsOn {
                if let rejection = unknownConsultation(consultation, context: context) {
                    reasons.append(rejection)
                    continue
                }
                // Judged as things stood at the submission's time: a consultation held on a later day was not
                // held when the report was submitted, whatever order the two streams are read in.
                let referenced = context.state(of: consultation).regionalConsultation
                let submittedOn = command.envelope.time.day
                if referenced.wasHeld, let heldOn = referenced.heldOn, heldOn <= submittedOn { continue }
                if state.waivers[consultation] != nil {
                    waived.append(consultation)
                } else if referenced.wasHeld, let heldOn = referenced.heldOn {
                    reasons.append(
                        Rejection(
                            .reportConsultationNotHeld,
                            "report \(id) draws on consultation \(consultation), which was held on \(heldOn), after this submission's time (\(submittedOn)); submit it again with a later time, or record a waiver (WaiveConsultation) with a reason"
                        ))
                } else {
                    let status = referenced.status
                    reasons.append(
                        Rejection(
                            .reportConsultationNotHeld,
                            "report \(id) draws on consultation \(consultation), which is \(status.rawValue), not held; hold it first or record a waiver (WaiveConsultation) with a reason",
                            dependsOnOtherStreams: status == .scheduled))
                }
            }
            guard reasons.isEmpty else { return .rejected(reasons) }
            return .accepted([
                .reportSubmitted(ReportSubmitted(submission: submission, session: state.dueSession, waived: waived))
            ])
        case .presentReport(let presentation):
            guard state.status == .submitted else { return transition(.submitted, "be presented") }
            guard presentation.session == state.dueSession else {
                return .rejected([
                    Rejection(
                        .reportWrongSession,
                        "report \(id) is due at session \(state.dueSession), not \(presentation.session); defer it (DeferReport) first if the session changed"
                    )
                ])
            }
            return .accepted([.reportPresented(ReportPresented(presentation: presentation))])
        case .deferReport(let deferral):
            guard state.status != .presented else {
                return transition(.submitted, "be deferred (it was already presented)")
            }
            guard deferral.newSession > state.dueSession else {
                return .rejected([
                    Rejection(
                        .reportDeferralNotLater,
                        "report \(id) is due at session \(state.dueSession); a deferral must name a later session, not \(deferral.newSession)"
                    )
                ])
            }
            return .accepted([.reportDeferred(ReportDeferred(deferral: deferral, fromSession: state.dueSession))])
        default:
            return .rejected([
                Rejection(
                    .streamTypeMismatch,
                    "\(command.envelope.type.rawValue) is not a command of a mandated report; use the subject of a \(command.aggregate.rawValue)"
                )
            ])
        }
    }

    /// A rejection when `consultation` is not a scheduled regional consultation.
    private static func unknownConsultation(_ consultation: String, context: DecisionContext) -> Rejection? {
        let referenced = context.state(of: consultation)
        guard referenced.kind == .regionalConsultation, referenced.regionalConsultation.exists else {
            let found = referenced.kind.map { "a \($0.rawValue)" } ?? "no stream"
            return Rejection(
                .reportConsultationUnknown,
                "\(consultation) is not a scheduled regional consultation (found \(found)); check the consultation's subject",
                dependsOnOtherStreams: referenced.kind == nil)
        }
        return nil
    }

    /// Applies one event to `state`, in place.
    public static func evolve(_ state: inout State, _ event: DomainEvent) {
        switch event {
        case .reportMandated(let mandated):
            state.exists = true
            state.status = .mandated
            state.resolution = mandated.mandate.resolution
            state.dueSession = mandated.mandate.dueSession
            state.sessionHistory = [mandated.mandate.dueSession]
        case .draftingStarted: state.status = .drafting
        case .consultationWaived(let waived): state.waivers[waived.waiver.consultationID] = waived.waiver.reason
        case .reportSubmitted: state.status = .submitted
        case .reportPresented: state.status = .presented
        case .reportDeferred(let deferred):
            state.dueSession = deferred.deferral.newSession
            state.sessionHistory.append(deferred.deferral.newSession)
        default: break
        }
    }
}
