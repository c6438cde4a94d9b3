import PropertyBased
import SuiviDomain
import Testing

/// Random command sequences against one case: whatever the order of consents, amendments, withdrawals,
/// decisions, activities and closing, (a) every accepted approval or activity relied on a consent that
/// was given, not withdrawn, valid at the command's time and covering it, and (b) folding the accepted
/// events again, also after a round trip through their JSON, gives the decider's running state.
@Suite struct ConsentPropertyTests {
    typealias F = Fixtures

    static let kinds: [ActivityKind] = [.needsAssessment, .training, .toolDeployment]
    static let providers: [Provider] = [.ohchrFieldPresence, .undpCountryTeam]

    /// Picks a non-empty subset of `all` from the bits of `bits`.
    static func subset<T>(_ all: [T], _ bits: Int) -> [T] {
        let chosen = all.indices.filter { bits & (1 << $0) != 0 }.map { all[$0] }
        return chosen.isEmpty ? [all[bits % all.count]] : chosen
    }

    static let start = Fixtures.time("2026-01-01T09:00:00Z")

    /// Turns one random number into one command at day `day` (days from 1 January 2026).
    static func command(_ seed: Int, number: Int, day: Int) -> Command {
        let time = start.adding(microseconds: Int64(day) * 86_400_000_000).rfc3339
        let consentID = "c\(seed / 7 % 3)"
        let date = { (offset: Int) in
            Timestamp(microseconds: start.microseconds + Int64(day + offset) * 86_400_000_000).day.description
        }
        let scope = F.scope(
            kinds: subset(kinds, seed / 11), providers: subset(providers, seed / 13), from: date(-(seed / 17 % 40)),
            until: date(seed / 19 % 120 - 10))
        let id = "cmd-\(number)"
        switch seed % 10 {
        case 0, 1:
            let role: ActorRole = seed / 23 % 6 == 0 ? .ohchrOfficer : .stateAuthority
            return F.command(F.consent(consentID, scope: scope), id: id, time: time, role: role)
        case 2:
            let amendment = AmendConsent(
                consentID: consentID, amendedBy: F.togo, instrument: F.instrument, scope: scope, reason: "amended")
            return F.command(.amendConsent(amendment), id: id, time: time, role: .stateAuthority)
        case 3:
            return F.command(F.withdraw(consentID), id: id, time: time, role: .stateAuthority)
        case 4, 5:
            let named = seed / 29 % 3 == 0 ? consentID : nil
            return F.command(
                F.approve(kinds: subset(kinds, seed / 31), providers: subset(providers, seed / 37), consent: named),
                id: id, time: time)
        case 6 where seed / 41 % 10 == 0:
            let decline = DecideAssistance(outcome: .decline, decidedBy: F.official, reason: "declined")
            return F.command(.decideAssistance(decline), id: id, time: time)
        case 6 where seed / 41 % 10 == 1:
            return F.command(.closeCase(CloseCase(closure: .completed)), id: id, time: time)
        default:
            let named = seed / 43 % 3 == 0 ? consentID : nil
            let length = seed / 47 % 5
            let corrects = seed / 53 % 8 == 0 ? "act-\(seed / 59 % max(number, 1))" : nil
            return F.command(
                F.activity(
                    "act-\(number)", kind: kinds[seed / 61 % kinds.count],
                    provider: providers[seed / 67 % providers.count],
                    from: date(-length - 1), to: date(-1), corrects: corrects, consent: named),
                id: id, time: time)
        }
    }

    /// What the test itself knows of each consent, from the accepted events only (not the decider's state).
    struct Model {
        var scopes: [String: ConsentScope] = [:]
        var withdrawn: Set<String> = []

        mutating func apply(_ event: DomainEvent) {
            switch event {
            case .consentGiven(let given): scopes[given.consent.consentID] = given.consent.scope
            case .consentAmended(let amended): scopes[amended.amendment.consentID] = amended.amendment.scope
            case .consentWithdrawn(let withdrawn): self.withdrawn.insert(withdrawn.withdrawal.consentID)
            default: break
            }
        }

        /// Why the event's consent does not cover it at `time`; nil when it does (or needs none).
        func gap(_ event: DomainEvent, at time: Timestamp) -> String? {
            let kinds: [ActivityKind]
            let providers: [Provider]
            var days: (CalendarDay, CalendarDay)? = nil
            switch event {
            case .assistanceApproved(let approved):
                kinds = approved.decision.activityKinds ?? []
                providers = approved.decision.providers ?? []
            case .activityRecorded(let recorded):
                kinds = [recorded.activity.kind]
                providers = [recorded.activity.provider]
                days = (recorded.activity.startDate, recorded.activity.endDate)
            default:
                return nil
            }
            guard let id = event.consentID else { return "names no consent" }
            guard let scope = scopes[id] else { return "names consent \(id), never given" }
            if withdrawn.contains(id) { return "relies on withdrawn consent \(id)" }
            if !scope.isValid(at: time) { return "consent \(id) not valid at \(time)" }
            if !kinds.allSatisfy(scope.activityKinds.contains) || !providers.allSatisfy(scope.providers.contains) {
                return "consent \(id) does not cover \(kinds) by \(providers)"
            }
            if let days, !scope.covers(from: days.0, to: days.1) { return "consent \(id) does not cover \(days)" }
            return nil
        }
    }

    static let sequences = Gen.int(in: 0...Int(Int32.max)).array(of: 1...60)

    @Test func acceptedDecisionsAndActivitiesAlwaysHaveACoveringConsent() async {
        await propertyCheck(count: 300, input: Self.sequences) { seeds in
            var world = F.World()
            world.run(F.command(F.request(), id: "req", time: "2026-01-01T08:00:00Z"))
            var model = Model()
            var day = 0
            for (number, seed) in seeds.enumerated() {
                day += seed % 9
                let command = Self.command(seed, number: number, day: day)
                for event in world.run(command).events {
                    if let gap = model.gap(event, at: command.envelope.time) {
                        Issue.record("\(command.id) \(event.typeName) accepted although it \(gap)")
                    }
                    model.apply(event)
                }
            }
        }
    }

    @Test func foldingTheAcceptedEventsAgainGivesTheRunningState() async throws {
        await propertyCheck(count: 300, input: Self.sequences) { seeds in
            var world = F.World()
            world.run(F.command(F.request(), id: "req", time: "2026-01-01T08:00:00Z"))
            var day = 0
            for (number, seed) in seeds.enumerated() {
                day += seed % 9
                world.run(Self.command(seed, number: number, day: day))
            }
            let events = world.log.flatMap { $0.1.events }
            #expect(AggregateState.fold(events) == world.state("case-TGO-1"))
            let reread = events.compactMap { try? DomainEvent.decode(typeName: $0.typeName, data: $0.data).get() }
            #expect(reread == events, "every event reads back from its JSON")
            #expect(AggregateState.fold(reread) == world.state("case-TGO-1"))
        }
    }

    /// The generator is not vacuous: over fixed pseudo-random sequences it reaches accepted approvals and
    /// activities and each way a consent can fail to cover one.
    @Test func theGeneratorReachesEveryOutcome() {
        var random: UInt64 = 42
        var counts: [String: Int] = [:]
        for _ in 0..<200 {
            var world = F.World()
            world.run(F.command(F.request(), id: "req", time: "2026-01-01T08:00:00Z"))
            var day = 0
            for number in 0..<40 {
                random = random &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                let seed = Int(random >> 33)
                day += seed % 9
                let decision = world.run(Self.command(seed, number: number, day: day))
                for event in decision.events { counts[event.typeName, default: 0] += 1 }
                for code in decision.codes { counts[code, default: 0] += 1 }
            }
        }
        for outcome in [
            "AssistanceApproved", "ActivityRecorded", "ConsentWithdrawn", "ConsentAmended", "consent.missing",
            "consent.withdrawn",
            "consent.not-valid-at-time", "consent.scope-not-covered", "activity.not-approved",
            "consent.not-state-authority",
        ] {
            #expect(
                counts[outcome, default: 0] > 10, "\(outcome) reached \(counts[outcome, default: 0]) times: \(counts)")
        }
    }
}
