extension CaseStatus {
    /// The status after one event of the case. The decider's fold and the read models both use this, so
    /// that they cannot disagree.
    public func after(_ event: DomainEvent) -> CaseStatus {
        switch event {
        case .assistanceRequested: return .requested
        case .consentGiven: return self == .requested || self == .suspended ? .consented : self
        case .consentWithdrawn(let withdrawn):
            return withdrawn.remainingConsentIDs.isEmpty && (self == .consented || self == .active) ? .suspended : self
        case .assistanceApproved: return .active
        case .assistanceDeclined: return .declined
        case .caseClosed: return .closed
        default: return self
        }
    }
}
