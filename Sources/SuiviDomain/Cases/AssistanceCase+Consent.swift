extension AssistanceCase {
    /// Consent, its amendment and its withdrawal come from the State concerned: an actor in the role
    /// `state-authority`, or a system (`integration`) publishing on behalf of one. Never the provider.
    static func authorityViolations(_ command: Command, authority: Authority, state: State) -> [Rejection] {
        var reasons: [Rejection] = []
        let envelope = command.envelope
        let fromState =
            envelope.actorRole == .stateAuthority || (envelope.actorRole == .integration && envelope.onBehalfOf != nil)
        if !fromState {
            reasons.append(
                Rejection(
                    .consentNotStateAuthority,
                    "\(envelope.type.rawValue) must come from an authority of \(state.state) (actorrole state-authority, or integration with onbehalfof naming the authority); \(envelope.actor) sent it as \(envelope.actorRole.rawValue)"
                ))
        }
        if authority.state != state.state {
            reasons.append(
                Rejection(
                    .consentWrongState,
                    "the authority named (\(authority.office), \(authority.state)) is not of \(state.state), the State of case \(command.streamID); only the State concerned can consent"
                ))
        }
        return reasons
    }

    static func decideConsent(_ consent: GiveConsent, command: Command, state: State) -> Decision {
        var reasons = authorityViolations(command, authority: consent.grantedBy, state: state)
        if state.consents[consent.consentID] != nil {
            reasons.append(
                Rejection(
                    .consentAlreadyExists,
                    "consent \(consent.consentID) already exists in case \(command.streamID); to change it send AmendConsent, to add one use a new consentId"
                ))
        }
        if !consent.scope.hasValidPeriod {
            reasons.append(
                Rejection(
                    .consentInvalidPeriod,
                    "scope.validUntil (\(consent.scope.validUntil)) is before scope.validFrom (\(consent.scope.validFrom))"
                ))
        }
        return reasons.isEmpty ? .accepted([.consentGiven(ConsentGiven(consent: consent))]) : .rejected(reasons)
    }

    static func decideAmendment(_ amendment: AmendConsent, command: Command, state: State) -> Decision {
        var reasons = authorityViolations(command, authority: amendment.amendedBy, state: state)
        reasons += existingConsentViolations(amendment.consentID, command: command, state: state, verb: "amended")
        if !amendment.scope.hasValidPeriod {
            reasons.append(
                Rejection(
                    .consentInvalidPeriod,
                    "scope.validUntil (\(amendment.scope.validUntil)) is before scope.validFrom (\(amendment.scope.validFrom))"
                ))
        }
        return reasons.isEmpty ? .accepted([.consentAmended(ConsentAmended(amendment: amendment))]) : .rejected(reasons)
    }

    static func decideWithdrawal(_ withdrawal: WithdrawConsent, command: Command, state: State) -> Decision {
        var reasons = authorityViolations(command, authority: withdrawal.withdrawnBy, state: state)
        reasons += existingConsentViolations(withdrawal.consentID, command: command, state: state, verb: "withdrawn")
        guard reasons.isEmpty else { return .rejected(reasons) }
        let remaining = state.liveConsents.map(\.id).filter { $0 != withdrawal.consentID }
        return .accepted([.consentWithdrawn(ConsentWithdrawn(withdrawal: withdrawal, remainingConsentIDs: remaining))])
    }

    private static func existingConsentViolations(
        _ id: String, command: Command, state: State, verb: String
    ) -> [Rejection] {
        guard let consent = state.consents[id] else {
            return [
                Rejection(
                    .consentUnknown,
                    "case \(command.streamID) has no consent \(id) to be \(verb); known consents: \(known(state))")
            ]
        }
        if consent.withdrawn {
            return [
                Rejection(
                    .consentAlreadyWithdrawn,
                    "consent \(id) was already withdrawn and cannot be \(verb); the State can give a new consent")
            ]
        }
        return []
    }

    static func known(_ state: State) -> String {
        state.consentOrder.isEmpty ? "none" : state.consentOrder.joined(separator: ", ")
    }

    /// Finds the consent a decision or an activity relies on: the one named, or else the most recent
    /// consent that is not withdrawn, is valid at `time` and covers the kinds, providers and days.
    ///
    /// - Returns: the consent's id, or the rejection that explains best why none qualifies.
    static func reliance(
        named: String?, at time: Timestamp, kinds: [ActivityKind], providers: [Provider],
        days: ClosedRange<CalendarDay>?,
        state: State, what: @autoclosure () -> String
    ) -> Result<String, Rejection> {
        func validity(_ consent: Consent) -> Rejection? {
            consent.scope.isValid(at: time)
                ? nil
                : Rejection(
                    .consentNotValidAtTime,
                    "consent \(consent.id) is valid from \(consent.scope.validFrom) to \(consent.scope.validUntil), not at \(time) when \(what()) happened; the State must give or extend a consent first"
                )
        }
        if let named {
            guard let consent = state.consents[named] else {
                return .failure(
                    Rejection(
                        .consentUnknown,
                        "\(what()) names consent \(named), which this case has not recorded; known consents: \(known(state))"
                    ))
            }
            if consent.withdrawn {
                return .failure(
                    Rejection(
                        .consentWithdrawn,
                        "\(what()) relies on consent \(named), which the State withdrew; nothing can rely on it any more")
                )
            }
            if let rejection = validity(consent) { return .failure(rejection) }
            if let gap = consent.gap(kinds: kinds, providers: providers, days: days) {
                return .failure(
                    Rejection(.consentScopeNotCovered, "\(what()): \(gap); ask the State to amend the consent"))
            }
            return .success(named)
        }
        // The usual case first, without building the lists that explain a refusal: the most recent consent
        // that is not withdrawn, is valid at `time` and covers everything (the one the lists below would find).
        for id in state.consentOrder.reversed() {
            if let consent = state.consents[id], !consent.withdrawn, consent.scope.isValid(at: time),
                consent.covers(kinds: kinds, providers: providers, days: days)
            {
                return .success(consent.id)
            }
        }
        guard !state.consents.isEmpty else {
            return .failure(
                Rejection(
                    .consentMissing,
                    "\(what()) needs the State's consent, and this case has none; a request is not consent"))
        }
        let live = state.liveConsents
        guard !live.isEmpty else {
            return .failure(
                Rejection(
                    .consentWithdrawn,
                    "\(what()) needs the State's consent, and every consent of the case (\(known(state))) was withdrawn"))
        }
        let valid = live.filter { $0.scope.isValid(at: time) }
        guard !valid.isEmpty else { return .failure(validity(live[live.count - 1])!) }
        let gaps = valid.map { ($0, $0.gap(kinds: kinds, providers: providers, days: days)) }
        if let covering = gaps.last(where: { $0.1 == nil }) { return .success(covering.0.id) }
        return .failure(
            Rejection(
                .consentScopeNotCovered,
                "\(what()) is not covered: " + gaps.compactMap(\.1).joined(separator: "; ")
                    + "; ask the State to amend a consent or give a new one"))
    }
}
