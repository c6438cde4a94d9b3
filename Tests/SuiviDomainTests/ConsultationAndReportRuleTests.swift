import SuiviDomain
import Testing

/// One acceptance and one rejection for each rule of regional consultations and of the report.
@Suite struct ConsultationAndReportRuleTests {
    typealias F = Fixtures

    static func schedule(_ region: String = "african-states", modality: Modality = .inPerson) -> CommandPayload {
        .scheduleConsultation(
            ScheduleConsultation(
                region: region, title: "Regional consultation", plannedDate: F.day("2020-02-18"), modality: modality,
                venue: modality.needsVenue ? "Addis Ababa" : nil))
    }

    static let held = CommandPayload.recordConsultationHeld(
        RecordConsultationHeld(
            heldOn: F.day("2020-02-18"), modality: .virtual,
            participants: ParticipantCounts(
                states: 27, nhris: 14, civilSociety: 22, unEntities: 9, regionalMechanisms: 2),
            goodPractices: ["A standing interministerial body with its own secretariat."]))
    static let summary = CommandPayload.publishConsultationSummary(
        PublishConsultationSummary(documentReference: "OHCHR/NMIRF/AFR", publishedOn: F.day("2020-04-15")))
    static let cancel = CommandPayload.cancelConsultation(CancelConsultation(reason: "COVID-19"))

    // MARK: Regional consultations

    @Test func aConsultationIsScheduledOnceInAKnownRegion() {
        var world = F.World()
        #expect(world.run(F.command(Self.schedule(), subject: "rc-1", id: "s1", role: .secretariat)).isAccepted)
        #expect(
            world.run(F.command(Self.schedule(), subject: "rc-1", id: "s2", role: .secretariat)).codes == [
                "consultation.already-exists"
            ])
        #expect(
            world.run(F.command(Self.schedule("arab-states"), subject: "rc-2", id: "s3")).codes == [
                "consultation.unknown-region"
            ])
    }

    @Test func regionsComeFromConfigurableReferenceData() {
        let custom = ReferenceData(regions: [ReferenceData.Region(code: "arab-states", name: "Arab States")])
        let command = F.command(Self.schedule("arab-states"), subject: "rc-arab")
        #expect(Decide.decide(command, state: .empty, context: DecisionContext(referenceData: custom)).isAccepted)
        #expect(Decide.decide(command, state: .empty).codes == ["consultation.unknown-region"])
        #expect(ReferenceData.standard.regions.count == 5)
    }

    @Test func anUnknownConsultationCannotBeHeld() {
        var world = F.World()
        #expect(world.run(F.command(Self.held, subject: "rc-x", id: "h")).codes == ["consultation.unknown"])
    }

    @Test func aConsultationIsHeldOnceThenItsSummaryPublishedOnce() {
        var world = F.World()
        world.run(F.command(Self.schedule(), subject: "rc-1", id: "s"))
        #expect(world.run(F.command(Self.summary, subject: "rc-1", id: "p0")).codes == ["consultation.not-held"])
        #expect(world.run(F.command(Self.held, subject: "rc-1", id: "h1")).isAccepted)
        #expect(world.run(F.command(Self.held, subject: "rc-1", id: "h2")).codes == ["consultation.already-held"])
        #expect(world.run(F.command(Self.summary, subject: "rc-1", id: "p1")).isAccepted)
        #expect(
            world.run(F.command(Self.summary, subject: "rc-1", id: "p2")).codes == [
                "consultation.summary-already-published"
            ])
        #expect(world.state("rc-1").regionalConsultation.status == .summaryPublished)
    }

    @Test func aCancelledConsultationCannotBeHeldAndAHeldOneCannotBeCancelled() {
        var world = F.World()
        world.run(F.command(Self.schedule(), subject: "rc-1", id: "s1"))
        #expect(world.run(F.command(Self.cancel, subject: "rc-1", id: "c1")).isAccepted)
        #expect(world.run(F.command(Self.held, subject: "rc-1", id: "h1")).codes == ["consultation.cancelled"])
        #expect(world.run(F.command(Self.cancel, subject: "rc-1", id: "c2")).codes == ["consultation.cancelled"])
        world.run(F.command(Self.schedule(), subject: "rc-2", id: "s2"))
        world.run(F.command(Self.held, subject: "rc-2", id: "h2"))
        #expect(world.run(F.command(Self.cancel, subject: "rc-2", id: "c3")).codes == ["consultation.already-held"])
    }

    // MARK: The report

    static let mandate = CommandPayload.mandateReport(
        MandateReport(resolution: "A/HRC/RES/42/30", dueSession: 47, title: "NMIRFs"))
    static let drafting = CommandPayload.startDrafting(StartDrafting(leadOffice: "OHCHR"))
    static func submit(_ consultations: [String]) -> CommandPayload {
        .submitReport(SubmitReport(documentSymbol: "A/HRC/47/20", drawsOn: consultations))
    }
    static func waive(_ consultation: String) -> CommandPayload {
        .waiveConsultation(WaiveConsultation(consultationID: consultation, reason: "cancelled: COVID-19"))
    }
    static func present(_ session: Int) -> CommandPayload {
        .presentReport(PresentReport(session: session, presentedBy: "Deputy High Commissioner"))
    }
    static func defer_(_ session: Int) -> CommandPayload {
        .deferReport(DeferReport(newSession: session, reason: "postponed"))
    }

    /// Two held consultations, one scheduled only, one cancelled; a report in drafting.
    static func world() -> F.World {
        var world = F.World()
        for (index, subject) in ["rc-held-1", "rc-held-2", "rc-planned", "rc-cancelled"].enumerated() {
            world.run(F.command(schedule(), subject: subject, id: "s\(index)"))
        }
        world.run(F.command(held, subject: "rc-held-1", id: "h1"))
        world.run(F.command(held, subject: "rc-held-2", id: "h2"))
        world.run(F.command(cancel, subject: "rc-cancelled", id: "c"))
        world.run(F.command(mandate, subject: "report", id: "m"))
        world.run(F.command(drafting, subject: "report", id: "d"))
        return world
    }

    @Test func aReportIsMandatedOnceAndMustExist() {
        var world = F.World()
        #expect(world.run(F.command(Self.drafting, subject: "report", id: "d")).codes == ["report.unknown"])
        #expect(world.run(F.command(Self.mandate, subject: "report", id: "m1")).isAccepted)
        #expect(world.run(F.command(Self.mandate, subject: "report", id: "m2")).codes == ["report.already-exists"])
        #expect(world.state("report").mandatedReport.dueSession == 47)
    }

    @Test func statusTransitionsAreGuarded() {
        var world = F.World()
        world.run(F.command(Self.schedule(), subject: "rc-1", id: "s"))
        world.run(F.command(Self.held, subject: "rc-1", id: "h"))
        world.run(F.command(Self.mandate, subject: "report", id: "m"))
        #expect(
            world.run(F.command(Self.submit(["rc-1"]), subject: "report", id: "x1")).codes == [
                "report.invalid-transition"
            ])
        #expect(
            world.run(F.command(Self.present(47), subject: "report", id: "x2")).codes == ["report.invalid-transition"])
        #expect(world.run(F.command(Self.drafting, subject: "report", id: "d1")).isAccepted)
        #expect(world.run(F.command(Self.drafting, subject: "report", id: "d2")).codes == ["report.invalid-transition"])
        #expect(
            world.run(F.command(Self.present(47), subject: "report", id: "x3")).codes == ["report.invalid-transition"])
        #expect(world.run(F.command(Self.submit(["rc-1"]), subject: "report", id: "s1")).isAccepted)
        #expect(world.run(F.command(Self.present(47), subject: "report", id: "p1")).isAccepted)
        #expect(
            world.run(F.command(Self.defer_(48), subject: "report", id: "late")).codes == ["report.invalid-transition"])
    }

    @Test func theReportIsSubmittedOnlyWhenEveryConsultationWasHeld() throws {
        var world = Self.world()
        let early = world.run(
            F.command(Self.submit(["rc-held-1", "rc-planned", "rc-cancelled"]), subject: "report", id: "s1"))
        #expect(early.codes == ["report.consultation-not-held", "report.consultation-not-held"])
        let accepted = world.run(F.command(Self.submit(["rc-held-1", "rc-held-2"]), subject: "report", id: "s2"))
        let event = try #require(accepted.events.first)
        #expect(event.data["drawsOn"] == ["rc-held-1", "rc-held-2"])
        #expect(event.data["waived"] == [])
        #expect(event.data["session"] == 47)
    }

    @Test func aWaiverLetsTheReportDrawOnAConsultationThatWasNotHeld() throws {
        var world = Self.world()
        #expect(world.run(F.command(Self.waive("rc-cancelled"), subject: "report", id: "w1")).isAccepted)
        #expect(
            world.run(F.command(Self.waive("rc-cancelled"), subject: "report", id: "w2")).codes == [
                "report.waiver-exists"
            ])
        let accepted = world.run(F.command(Self.submit(["rc-held-1", "rc-cancelled"]), subject: "report", id: "s"))
        #expect(accepted.events.first?.data["waived"] == ["rc-cancelled"])
    }

    @Test func theReportDrawsOnlyOnScheduledRegionalConsultations() {
        var world = Self.world()
        world.run(F.command(F.request(), subject: "case-TGO-1", id: "req"))
        #expect(
            world.run(F.command(Self.waive("rc-nowhere"), subject: "report", id: "w")).codes == [
                "report.consultation-unknown"
            ])
        let submit = world.run(F.command(Self.submit(["rc-held-1", "case-TGO-1"]), subject: "report", id: "s"))
        #expect(submit.codes == ["report.consultation-unknown"])
        // Referenced streams that the caller did not load count as unknown: the decider never guesses.
        let unloaded = Decide.decide(
            F.command(Self.submit(["rc-held-1"]), subject: "report", id: "s2"), state: world.state("report"))
        #expect(unloaded.codes == ["report.consultation-unknown"])
    }

    @Test func aDeferralIsANewEventAndNeverOverwrites() throws {
        var world = Self.world()
        #expect(
            world.run(F.command(Self.defer_(47), subject: "report", id: "d0")).codes == ["report.deferral-not-later"])
        #expect(
            world.run(F.command(Self.defer_(48), subject: "report", id: "d1")).events.first?.data["fromSession"] == 47)
        #expect(world.run(F.command(Self.defer_(49), subject: "report", id: "d2")).isAccepted)
        let report = world.state("report").mandatedReport
        #expect(report.dueSession == 49)
        #expect(report.sessionHistory == [47, 48, 49])
        #expect(world.state("report").version == 4, "mandate, drafting and two deferrals: every one is kept")
    }

    @Test func theReportIsPresentedAtItsDueSession() {
        var world = Self.world()
        world.run(F.command(Self.submit(["rc-held-1"]), subject: "report", id: "s"))
        world.run(F.command(Self.defer_(48), subject: "report", id: "d"))
        #expect(world.run(F.command(Self.present(47), subject: "report", id: "p47")).codes == ["report.wrong-session"])
        #expect(world.run(F.command(Self.present(48), subject: "report", id: "p48")).isAccepted)
        #expect(world.state("report").mandatedReport.status == .presented)
    }
}
