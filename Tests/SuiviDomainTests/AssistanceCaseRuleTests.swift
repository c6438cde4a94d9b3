import SuiviDomain
import Testing

/// One acceptance and one rejection for each rule of an assistance case.
@Suite struct AssistanceCaseRuleTests {
    typealias F = Fixtures

    /// A Togo case with a request, a consent (Feb-Dec 2026: needs assessment and training by the OHCHR
    /// field presence) and, when `approved`, an approval relying on it.
    static func world(approved: Bool = true) -> F.World {
        var world = F.World()
        world.run(F.command(F.request(), id: "req", time: "2026-01-10T09:00:00Z"))
        world.run(
            F.command(
                F.consent(), id: "consent", time: "2026-01-30T10:00:00Z", actor: "a.mensah", role: .stateAuthority))
        if approved { world.run(F.command(F.approve(), id: "approve", time: "2026-02-05T10:00:00Z")) }
        return world
    }

    func state(_ world: F.World) -> AssistanceCase.State { world.state("case-TGO-1").assistanceCase }

    // MARK: Existence and lifecycle

    @Test func aRequestOpensACaseOnce() {
        var world = F.World()
        #expect(world.run(F.command(F.request(), id: "r1")).isAccepted)
        #expect(state(world).status == .requested)
        #expect(world.run(F.command(F.request(), id: "r2")).codes == ["case.already-exists"])
    }

    @Test func commandsOnAnUnknownCaseAreRejected() {
        var world = F.World()
        #expect(world.run(F.command(F.consent(), role: .stateAuthority)).codes == ["case.unknown"])
        #expect(
            world.run(F.command(.closeCase(CloseCase(closure: .other)), subject: "nowhere")).codes == ["case.unknown"])
    }

    @Test func nothingIsRecordedAfterClosing() {
        var world = Self.world()
        #expect(world.run(F.command(F.activity(), id: "a1", time: "2026-03-07T10:00:00Z")).isAccepted)
        #expect(
            world.run(F.command(.closeCase(CloseCase(closure: .completed)), id: "close", time: "2026-04-01T10:00:00Z"))
                .isAccepted)
        #expect(state(world).status == .closed)
        #expect(world.run(F.command(F.activity("a2"), id: "a2", time: "2026-04-02T10:00:00Z")).codes == ["case.closed"])
        #expect(
            world.run(F.command(.closeCase(CloseCase(closure: .completed)), id: "close-2")).codes == ["case.closed"])
    }

    @Test func aDeclinedCaseCanOnlyBeClosed() {
        var world = F.World()
        world.run(F.command(F.request(), id: "req"))
        let decline = DecideAssistance(outcome: .decline, decidedBy: F.official, reason: "duplicate request")
        #expect(world.run(F.command(.decideAssistance(decline), id: "decline")).isAccepted)
        #expect(state(world).status == .declined)
        #expect(world.run(F.command(F.consent(), id: "consent", role: .stateAuthority)).codes == ["case.declined"])
        #expect(world.run(F.command(.closeCase(CloseCase(closure: .declined)), id: "close")).isAccepted)
    }

    @Test func anApprovedCaseCannotBeDeclined() {
        var world = Self.world(approved: false)
        let decline = DecideAssistance(outcome: .decline, decidedBy: F.official, reason: "no capacity")
        var undecided = world
        #expect(undecided.run(F.command(.decideAssistance(decline), id: "decline")).isAccepted)
        world.run(F.command(F.approve(), id: "approve", time: "2026-02-05T10:00:00Z"))
        #expect(world.run(F.command(.decideAssistance(decline), id: "decline")).codes == ["case.already-approved"])
    }

    @Test func statusFollowsConsentAndDecisions() {
        var world = Self.world(approved: false)
        #expect(state(world).status == .consented)
        world.run(F.command(F.approve(), id: "approve", time: "2026-02-05T10:00:00Z"))
        #expect(state(world).status == .active)
        world.run(F.command(F.withdraw(), id: "withdraw", time: "2026-06-01T10:00:00Z", role: .stateAuthority))
        #expect(state(world).status == .suspended)
        world.run(
            F.command(F.consent("consent-2"), id: "consent-2", time: "2026-06-10T10:00:00Z", role: .stateAuthority))
        #expect(state(world).status == .consented)
    }

    // MARK: Consent comes from the State concerned

    @Test func consentFromAStateAuthorityOrOnItsBehalf() {
        var world = F.World()
        world.run(F.command(F.request(), id: "req"))
        #expect(world.run(F.command(F.consent("c1"), id: "c1", role: .stateAuthority)).isAccepted)
        #expect(
            world.run(
                F.command(
                    F.consent("c2"), id: "c2", actor: "impact-oss", role: .integration,
                    onBehalfOf: "Ministère des Droits de l'Homme")
            ).isAccepted)
    }

    @Test(arguments: [ActorRole.ohchrOfficer, .undpOfficer, .secretariat, .integration])
    func consentFromTheProviderIsRejected(role: ActorRole) {
        var world = F.World()
        world.run(F.command(F.request(), id: "req"))
        #expect(world.run(F.command(F.consent(), id: "c", role: role)).codes == ["consent.not-state-authority"])
        #expect(state(world).consents.isEmpty)
    }

    @Test func consentFromAnotherStateIsRejected() {
        var world = F.World()
        world.run(F.command(F.request(), id: "req"))
        let paraguay = Authority(name: "Lucía Benítez", office: "Ministerio de Relaciones Exteriores", state: "PRY")
        #expect(
            world.run(F.command(F.consent(by: paraguay), id: "c", role: .stateAuthority)).codes == [
                "consent.wrong-state"
            ])
    }

    @Test func withdrawalAndAmendmentAlsoComeFromTheState() {
        var world = Self.world()
        #expect(
            world.run(F.command(F.withdraw(), id: "w", role: .ohchrOfficer)).codes == ["consent.not-state-authority"])
        let amendment = AmendConsent(
            consentID: "consent-1", amendedBy: F.togo, instrument: F.instrument, scope: F.scope(), reason: "r")
        #expect(
            world.run(F.command(.amendConsent(amendment), id: "a", role: .undpOfficer)).codes == [
                "consent.not-state-authority"
            ])
        #expect(world.run(F.command(.amendConsent(amendment), id: "a", role: .stateAuthority)).isAccepted)
        #expect(world.run(F.command(F.withdraw(), id: "w", role: .stateAuthority)).isAccepted)
    }

    @Test func aConsentIdIsGivenOnce() {
        var world = Self.world()
        #expect(
            world.run(F.command(F.consent(), id: "again", role: .stateAuthority)).codes == ["consent.already-exists"])
        #expect(world.run(F.command(F.consent("consent-2"), id: "second", role: .stateAuthority)).isAccepted)
    }

    @Test func aConsentPeriodMustNotEndBeforeItStarts() {
        var world = F.World()
        world.run(F.command(F.request(), id: "req"))
        let backwards = F.scope(from: "2026-12-31", until: "2026-01-01")
        #expect(
            world.run(F.command(F.consent(scope: backwards), id: "c1", role: .stateAuthority)).codes == [
                "consent.invalid-period"
            ])
        let oneDay = F.scope(from: "2026-03-01", until: "2026-03-01")
        #expect(world.run(F.command(F.consent(scope: oneDay), id: "c2", role: .stateAuthority)).isAccepted)
    }

    @Test func amendingOrWithdrawingNeedsAKnownLiveConsent() {
        var world = Self.world()
        #expect(
            world.run(F.command(F.withdraw("consent-9"), id: "w9", role: .stateAuthority)).codes == ["consent.unknown"])
        #expect(world.run(F.command(F.withdraw(), id: "w1", role: .stateAuthority)).isAccepted)
        #expect(
            world.run(F.command(F.withdraw(), id: "w2", role: .stateAuthority)).codes == ["consent.already-withdrawn"])
        let amendment = AmendConsent(
            consentID: "consent-1", amendedBy: F.togo, instrument: F.instrument, scope: F.scope(), reason: "r")
        #expect(
            world.run(F.command(.amendConsent(amendment), id: "a", role: .stateAuthority)).codes == [
                "consent.already-withdrawn"
            ])
    }

    // MARK: No decision or activity without a covering consent valid at that time

    @Test func anApprovalNeedsConsent() {
        var world = F.World()
        world.run(F.command(F.request(), id: "req"))
        #expect(world.run(F.command(F.approve(), id: "approve")).codes == ["consent.missing"])
    }

    @Test func anApprovalRecordsTheConsentItReliedOn() throws {
        var world = Self.world(approved: false)
        let decision = world.run(F.command(F.approve(), id: "approve", time: "2026-02-05T10:00:00Z"))
        let event = try #require(decision.events.first)
        #expect(event.typeName == "AssistanceApproved")
        #expect(event.consentID == "consent-1")
        #expect(event.data["consentId"] == "consent-1")
    }

    @Test func anActivityRecordsTheConsentItReliedOn() throws {
        var world = Self.world()
        world.run(F.command(F.consent("consent-2"), id: "c2", time: "2026-02-10T10:00:00Z", role: .stateAuthority))
        let named = world.run(F.command(F.activity("a1", consent: "consent-1"), id: "a1", time: "2026-03-07T10:00:00Z"))
        #expect(named.events.first?.consentID == "consent-1")
        let chosen = world.run(F.command(F.activity("a2"), id: "a2", time: "2026-03-07T10:00:00Z"))
        #expect(chosen.events.first?.consentID == "consent-2", "the most recent covering consent is chosen")
    }

    @Test func afterWithdrawalNothingMoreIsDelivered() {
        var world = Self.world()
        #expect(world.run(F.command(F.activity("a1"), id: "a1", time: "2026-03-07T10:00:00Z")).isAccepted)
        world.run(F.command(F.withdraw(), id: "w", time: "2026-04-01T10:00:00Z", role: .stateAuthority))
        #expect(
            world.run(F.command(F.approve(), id: "approve-2", time: "2026-04-02T10:00:00Z")).codes == [
                "consent.withdrawn"
            ])
        let activity = world.run(
            F.command(F.activity("a2", from: "2026-04-03", to: "2026-04-03"), id: "a2", time: "2026-04-04T10:00:00Z"))
        #expect(activity.codes == ["activity.not-approved", "consent.withdrawn"])
        let named = world.run(F.command(F.approve(consent: "consent-1"), id: "approve-3", time: "2026-04-02T10:00:00Z"))
        #expect(named.codes == ["consent.withdrawn"])
    }

    @Test func anExpiredOrNotYetValidConsentIsNotRelied() {
        var world = Self.world(approved: false)
        #expect(
            world.run(F.command(F.approve(), id: "early", time: "2026-01-31T23:59:59Z")).codes == [
                "consent.not-valid-at-time"
            ])
        #expect(
            world.run(F.command(F.approve(), id: "late", time: "2027-01-01T00:00:00Z")).codes == [
                "consent.not-valid-at-time"
            ])
        #expect(world.run(F.command(F.approve(), id: "last-day", time: "2026-12-31T23:00:00Z")).isAccepted)
        let afterExpiry = world.run(
            F.command(F.activity("a", from: "2026-12-30", to: "2026-12-31"), id: "a", time: "2027-01-02T10:00:00Z"))
        #expect(afterExpiry.codes == ["consent.not-valid-at-time"])
    }

    @Test func theScopeMustCoverKindProviderAndDates() {
        var world = Self.world(approved: false)
        #expect(
            world.run(F.command(F.approve(kinds: [.toolDeployment]), id: "k")).codes == ["consent.scope-not-covered"])
        #expect(
            world.run(F.command(F.approve(providers: [.undpCountryTeam]), id: "p")).codes == [
                "consent.scope-not-covered"
            ])
        world.run(F.command(F.approve(), id: "approve"))
        let outside = world.run(F.command(F.activity("a1", from: "2026-12-30", to: "2027-01-05"), id: "a1"))
        #expect(outside.codes == ["consent.scope-not-covered"])
        #expect(world.run(F.command(F.activity("a2", from: "2026-12-30", to: "2026-12-31"), id: "a2")).isAccepted)
    }

    @Test func anAmendmentChangesTheScopeFromThenOn() {
        var world = Self.world()
        world.run(
            F.command(
                F.approve(kinds: [.training, .peerExchange], providers: [.ohchrFieldPresence]), id: "approve-peer"))
        #expect(
            world.run(F.command(F.activity("peer", kind: .peerExchange), id: "peer-1")).codes
                == ["activity.not-approved", "consent.scope-not-covered"])
        let wider = AmendConsent(
            consentID: "consent-1", amendedBy: F.togo, instrument: F.instrument,
            scope: F.scope(kinds: [.needsAssessment, .training, .peerExchange]), reason: "peer exchange with Benin")
        #expect(world.run(F.command(.amendConsent(wider), id: "amend", role: .stateAuthority)).isAccepted)
        // The approval of peer exchange was refused before; a new one is needed now that the scope allows it.
        #expect(world.run(F.command(F.approve(kinds: [.peerExchange]), id: "approve-peer-2")).isAccepted)
        #expect(world.run(F.command(F.activity("peer", kind: .peerExchange), id: "peer-2")).isAccepted)
        #expect(state(world).consents["consent-1"]?.amendments == 1)
    }

    // MARK: Activities

    @Test func anActivityNeedsAnApprovalCoveringIt() {
        var world = Self.world(approved: false)
        #expect(world.run(F.command(F.activity(), id: "a")).codes == ["activity.not-approved"])
        world.run(F.command(F.approve(kinds: [.needsAssessment]), id: "approve"))
        #expect(world.run(F.command(F.activity(kind: .training), id: "a")).codes == ["activity.not-approved"])
        #expect(world.run(F.command(F.activity(kind: .needsAssessment), id: "a")).isAccepted)
    }

    @Test func anActivityIdIsRecordedOnce() {
        var world = Self.world()
        #expect(world.run(F.command(F.activity("a1"), id: "c1")).isAccepted)
        #expect(world.run(F.command(F.activity("a1"), id: "c2")).codes == ["activity.already-recorded"])
    }

    @Test func anActivityEndsNoEarlierThanItStarts() {
        var world = Self.world()
        #expect(
            world.run(F.command(F.activity(from: "2026-03-06", to: "2026-03-02"), id: "c")).codes == [
                "activity.invalid-period"
            ])
        #expect(world.run(F.command(F.activity(from: "2026-03-06", to: "2026-03-06"), id: "c")).isAccepted)
    }

    @Test func aCorrectionIsANewActivityThatNamesAKnownOne() throws {
        var world = Self.world()
        world.run(F.command(F.activity("a1"), id: "c1"))
        #expect(
            world.run(F.command(F.activity("a1-fix", corrects: "a9"), id: "c2")).codes == [
                "activity.unknown-correction"
            ])
        let correction = world.run(F.command(F.activity("a1-fix", corrects: "a1"), id: "c3"))
        let event = try #require(correction.events.first)
        #expect(event.data["corrects"] == "a1")
        #expect(state(world).activityIDs == ["a1", "a1-fix"])
        #expect(state(world).activityIDs.count == 2 && !state(world).activityIDs.contains("a2"))
    }

    @Test func nationalConsultationsAndCaseReportsNeedAnOpenCase() {
        var world = Self.world()
        let consultation = RecordNationalConsultation(
            consultationID: "n1", heldOn: F.day("2026-04-15"), modality: .inPerson, venue: "Lomé", participants: 60,
            stakeholders: [.nhri, .civilSociety])
        #expect(world.run(F.command(.recordNationalConsultation(consultation), id: "n1")).isAccepted)
        let report = SubmitCaseReport(reportID: "r1", kind: .progress, documentReference: "WARO/TGO/1")
        #expect(world.run(F.command(.submitCaseReport(report), id: "r1")).isAccepted)
        world.run(F.command(.closeCase(CloseCase(closure: .completed)), id: "close"))
        #expect(world.run(F.command(.submitCaseReport(report), id: "r2")).codes == ["case.closed"])
    }

    @Test func aCommandOfAnotherAggregateOnACaseIsAMismatch() {
        var world = Self.world()
        let cancel = F.command(.cancelConsultation(CancelConsultation(reason: "x")), id: "x")
        #expect(world.run(cancel).codes == ["stream.type-mismatch"])
    }
}
