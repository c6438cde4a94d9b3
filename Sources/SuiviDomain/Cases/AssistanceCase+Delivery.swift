extension AssistanceCase {
    static func decideDecision(_ decision: DecideAssistance, command: Command, state: State) -> Decision {
        switch decision.outcome {
        case .decline:
            if state.status == .active {
                return .rejected([
                    Rejection(
                        .caseAlreadyApproved,
                        "the assistance in case \(command.streamID) was approved and is under way; close the case (CloseCase) to end it"
                    )
                ])
            }
            return .accepted([.assistanceDeclined(AssistanceDeclined(decision: decision))])
        case .approve:
            let reliance = reliance(
                named: decision.consentID, at: command.envelope.time, kinds: decision.activityKinds ?? [],
                providers: decision.providers ?? [], days: nil, state: state, what: "the approval")
            switch reliance {
            case .failure(let rejection): return .rejected([rejection])
            case .success(let consentID):
                return .accepted([.assistanceApproved(AssistanceApproved(decision: decision, consentID: consentID))])
            }
        }
    }

    static func decideActivity(_ activity: RecordActivity, command: Command, state: State) -> Decision {
        var reasons: [Rejection] = []
        // Text for the refusals only: not built for an accepted activity.
        func what() -> String { "activity \(activity.activityID)" }
        if state.activityIDs.contains(activity.activityID) {
            reasons.append(
                Rejection(
                    .activityAlreadyRecorded,
                    "\(what()) is already recorded in case \(command.streamID); to correct it, record a new activity with \"corrects\": \"\(activity.activityID)\""
                ))
        }
        if let corrected = activity.corrects, !state.activityIDs.contains(corrected) {
            reasons.append(
                Rejection(
                    .activityUnknownCorrection,
                    "\(what()) corrects activity \(corrected), which case \(command.streamID) has not recorded; check the id"
                ))
        }
        guard activity.startDate <= activity.endDate else {
            reasons.append(
                Rejection(
                    .activityInvalidPeriod,
                    "\(what()) ends (\(activity.endDate)) before it starts (\(activity.startDate)); check endDate"))
            return .rejected(reasons)
        }
        if !state.approvals.contains(where: { $0.covers(activity.kind, by: activity.provider) }) {
            reasons.append(
                Rejection(
                    .activityNotApproved,
                    "no approval in force in case \(command.streamID) covers \(activity.kind.rawValue) by \(activity.provider.rawValue); send DecideAssistance (approve) first"
                ))
        }
        let reliance = reliance(
            named: activity.consentID, at: command.envelope.time, kinds: [activity.kind],
            providers: [activity.provider],
            days: activity.startDate...activity.endDate, state: state, what: what())
        switch reliance {
        case .failure(let rejection):
            reasons.append(rejection)
            return .rejected(reasons)
        case .success(let consentID):
            guard reasons.isEmpty else { return .rejected(reasons) }
            return .accepted([.activityRecorded(ActivityRecorded(activity: activity, consentID: consentID))])
        }
    }
}
