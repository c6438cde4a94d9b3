import SuiviDomain

/// Builders for commands in tests: a readable envelope around a payload, with defaults that a rule
/// test overrides only where it matters.
enum Fixtures {
    static func time(_ text: String) -> Timestamp { Timestamp(rfc3339: text)! }
    static func day(_ text: String) -> CalendarDay { CalendarDay(iso: text)! }

    static func command(
        _ payload: CommandPayload, subject: String = "case-TGO-1", id: String = "cmd-1",
        time: String = "2026-03-01T10:00:00Z",
        actor: String = "k.agbeko", role: ActorRole = .ohchrOfficer, onBehalfOf: String? = nil
    ) -> Command {
        return Command(
            envelope: CommandEnvelope(
                id: id, source: "urn:test", type: payload.type, subject: subject, time: Self.time(time), actor: actor,
                actorRole: role,
                onBehalfOf: onBehalfOf, data: payload.json),
            payload: payload)
    }

    static let togo = Authority(name: "Mme Akossiwa Mensah", office: "Ministère des Droits de l'Homme", state: "TGO")
    static let official = Official(name: "M. Kossi Agbeko", office: "OHCHR Regional Office for West Africa")

    static func request(state: String = "TGO") -> CommandPayload {
        .requestAssistance(
            RequestAssistance(
                state: state, provider: .ohchrFieldPresence, purpose: .strengthen, capacities: [.coordination]))
    }

    static func scope(
        kinds: [ActivityKind] = [.needsAssessment, .training], providers: [Provider] = [.ohchrFieldPresence],
        from: String = "2026-02-01", until: String = "2026-12-31"
    ) -> ConsentScope {
        ConsentScope(
            activityKinds: kinds, providers: providers, validFrom: ValidityBound(text: from)!,
            validUntil: ValidityBound(text: until)!)
    }

    static let instrument = ConsentInstrument(
        kind: .noteVerbale, reference: "NV/2026/0143", dated: CalendarDay(iso: "2026-01-28")!)

    static func consent(
        _ id: String = "consent-1", by authority: Authority = togo, scope: ConsentScope = scope()
    ) -> CommandPayload {
        .giveConsent(GiveConsent(consentID: id, grantedBy: authority, instrument: instrument, scope: scope))
    }

    static func approve(
        kinds: [ActivityKind] = [.needsAssessment, .training], providers: [Provider] = [.ohchrFieldPresence],
        consent: String? = nil
    ) -> CommandPayload {
        .decideAssistance(
            DecideAssistance(
                outcome: .approve, decidedBy: official, reason: "in the mandate", activityKinds: kinds,
                providers: providers, consentID: consent))
    }

    static func activity(
        _ id: String = "act-1", kind: ActivityKind = .training, provider: Provider = .ohchrFieldPresence,
        from: String = "2026-03-02", to: String = "2026-03-06", corrects: String? = nil, consent: String? = nil
    ) -> CommandPayload {
        .recordActivity(
            RecordActivity(
                activityID: id, kind: kind, title: "Training of focal points", startDate: day(from), endDate: day(to),
                provider: provider,
                participants: 20, corrects: corrects, consentID: consent))
    }

    static func withdraw(_ id: String = "consent-1") -> CommandPayload {
        .withdrawConsent(WithdrawConsent(consentID: id, withdrawnBy: togo, reason: "elections"))
    }

    /// Runs commands through the deciders in order, as the store would: accepted events are folded into
    /// the stream's state; referenced streams are read from the streams built so far.
    struct World {
        var streams: [String: AggregateState] = [:]
        var log: [(Command, Decision)] = []

        @discardableResult
        mutating func run(_ command: Command) -> Decision {
            var referenced: [String: AggregateState] = [:]
            for stream in command.referencedStreams { referenced[stream] = streams[stream] }
            let state = streams[command.streamID] ?? .empty
            let decision = Decide.decide(command, state: state, context: DecisionContext(referenced: referenced))
            if case .accepted(let events) = decision {
                streams[command.streamID] = events.reduce(state) { $0.evolve($1) }
            }
            log.append((command, decision))
            return decision
        }

        func state(_ stream: String) -> AggregateState { streams[stream] ?? .empty }
    }
}

extension Decision {
    /// The rejection codes, empty when accepted.
    var codes: [String] {
        if case .rejected(let reasons) = self { return reasons.map(\.code.rawValue) }
        return []
    }

    var events: [DomainEvent] {
        if case .accepted(let events) = self { return events }
        return []
    }

    var isAccepted: Bool {
        if case .accepted = self { return true }
        return false
    }
}
