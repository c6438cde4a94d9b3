public import SuiviDomain

/// Why each decision and activity of a case was allowed: the consent it relied on and, check by check,
/// why that consent covered it at the time. Computed by folding the case's events from the event store,
/// not from the read models.
///
/// The checks are the decider's rules seen again: the consent existed and was not withdrawn when the
/// command was decided; the command's time (`occurredAt`, the time the decider judged) lies within the
/// consent's validity; the scope's activity kinds and providers contain the decision's (for an activity:
/// its kind, provider and dates); and, for an activity, an approval in force covered it.
public struct CaseTrace: Sendable {
    /// One rule checked for one decision or activity.
    public struct Check: Sendable, Hashable {
        public var rule: String
        public var holds: Bool
        public var detail: String

        public var json: JSON { ["rule": .string(rule), "holds": .bool(holds), "detail": .string(detail)] }
    }

    /// The consent as it stood when the decision or activity was decided.
    public struct ConsentAtTime: Sendable, Hashable {
        public var consentID: String
        public var grantedBy: Authority
        public var instrument: ConsentInstrument
        public var scope: ConsentScope
        public var amendments: Int
        public var withdrawn: Bool

        public var json: JSON {
            [
                "consentId": .string(consentID),
                "grantedBy": grantedBy.json,
                "instrument": instrument.json,
                "scope": scope.json,
                "amendments": .int(amendments),
                "withdrawn": .bool(withdrawn),
            ]
        }
    }

    public struct Entry: Sendable {
        /// `approval`, `decline` or `activity`.
        public var kind: String
        public var version: Int
        public var eventID: String
        public var commandID: String
        public var occurredAt: Timestamp
        public var recordedAt: Timestamp
        public var actor: String
        public var actorRole: String
        public var onBehalfOf: String?
        /// Who decided and why (decisions); the activity's title (activities).
        public var decidedBy: String?
        public var reason: String?
        public var activityKinds: [ActivityKind]
        public var providers: [Provider]
        public var activityID: String?
        public var corrects: String?
        public var days: ClosedRange<CalendarDay>?
        /// The consent relied on (none for a decline).
        public var consent: ConsentAtTime?
        public var consentID: String?
        public var checks: [Check]

        /// True when every check holds: the consent covered it.
        public var covered: Bool { checks.allSatisfy(\.holds) }

        /// A short phrase: "approval of training by ohchr-field-presence", "activity act-1 (training)".
        public var label: String {
            switch kind {
            case "activity":
                "activity \(activityID ?? "?") (\(activityKinds.map(\.rawValue).joined(separator: ", ")))"
                    + (corrects.map { ", corrects \($0)" } ?? "")
            case "decline": "decline"
            default:
                "approval of \(activityKinds.map(\.rawValue).joined(separator: ", ")) by \(providers.map(\.rawValue).joined(separator: ", "))"
            }
        }

        public var json: JSON {
            [
                "kind": .string(kind), "version": .int(version), "eventId": .string(eventID),
                "commandId": .string(commandID), "occurredAt": .string(occurredAt.rfc3339),
                "recordedAt": .string(recordedAt.rfc3339), "actor": .string(actor), "actorRole": .string(actorRole),
                "onBehalfOf": onBehalfOf.map { .string($0) } ?? .null,
                "decidedBy": decidedBy.map { .string($0) } ?? .null, "reason": reason.map { .string($0) } ?? .null,
                "activityKinds": .array(activityKinds.map { .string($0.rawValue) }),
                "providers": .array(providers.map { .string($0.rawValue) }),
                "activityId": activityID.map { .string($0) } ?? .null,
                "corrects": corrects.map { .string($0) } ?? .null,
                "startDate": days.map { .string($0.lowerBound.description) } ?? .null,
                "endDate": days.map { .string($0.upperBound.description) } ?? .null,
                "consentId": consentID.map { .string($0) } ?? .null,
                "consent": consent?.json ?? .null,
                "covered": .bool(covered),
                "checks": .array(checks.map(\.json)),
            ]
        }
    }

    public var caseID: String
    public var state: String
    public var entries: [Entry]

    public var json: JSON {
        ["caseId": .string(caseID), "state": .string(state), "entries": .array(entries.map(\.json))]
    }

    /// Traces a case's events (one stream, in version order).
    public static func build(caseID: String, events: [RecordedEvent]) -> CaseTrace {
        var state = AggregateState.empty
        var instruments: [String: (grantedBy: Authority, instrument: ConsentInstrument)] = [:]
        var entries: [Entry] = []
        for recorded in events {
            let before = state.assistanceCase
            let meta = recorded.metadata
            var entry = Entry(
                kind: "", version: recorded.version, eventID: meta.eventID, commandID: meta.commandID,
                occurredAt: meta.occurredAt, recordedAt: meta.recordedAt, actor: meta.actor,
                actorRole: meta.actorRole.rawValue, onBehalfOf: meta.onBehalfOf, activityKinds: [], providers: [],
                checks: [])
            switch recorded.event {
            case .consentGiven(let given):
                instruments[given.consent.consentID] = (given.consent.grantedBy, given.consent.instrument)
            case .consentAmended(let amended):
                if let known = instruments[amended.amendment.consentID] {
                    instruments[amended.amendment.consentID] = (known.grantedBy, amended.amendment.instrument)
                }
            case .assistanceDeclined(let declined):
                entry.kind = "decline"
                entry.decidedBy = "\(declined.decision.decidedBy.name) (\(declined.decision.decidedBy.office))"
                entry.reason = declined.decision.reason
                entry.checks = [
                    Check(rule: "no consent needed", holds: true, detail: "declining assistance relies on no consent")
                ]
                entries.append(entry)
            case .assistanceApproved(let approved):
                entry.kind = "approval"
                entry.decidedBy = "\(approved.decision.decidedBy.name) (\(approved.decision.decidedBy.office))"
                entry.reason = approved.decision.reason
                entry.activityKinds = approved.decision.activityKinds ?? []
                entry.providers = approved.decision.providers ?? []
                entry.consentID = approved.consentID
                (entry.consent, entry.checks) = coverage(
                    approved.consentID, at: meta.occurredAt, kinds: entry.activityKinds, providers: entry.providers,
                    days: nil, state: before, instruments: instruments)
                entries.append(entry)
            case .activityRecorded(let recordedActivity):
                let activity = recordedActivity.activity
                entry.kind = "activity"
                entry.reason = activity.title
                entry.activityKinds = [activity.kind]
                entry.providers = [activity.provider]
                entry.activityID = activity.activityID
                entry.corrects = activity.corrects
                entry.days = activity.startDate...max(activity.startDate, activity.endDate)
                entry.consentID = recordedActivity.consentID
                (entry.consent, entry.checks) = coverage(
                    recordedActivity.consentID, at: meta.occurredAt, kinds: entry.activityKinds,
                    providers: entry.providers, days: entry.days, state: before, instruments: instruments)
                let approval = before.approvals.first { $0.covers(activity.kind, by: activity.provider) }
                entry.checks.append(
                    Check(
                        rule: "approved", holds: approval != nil,
                        detail: approval.map {
                            "an approval in force (relying on \($0.consentID)) covers \(activity.kind.rawValue) by \(activity.provider.rawValue)"
                        } ?? "no approval in force covers \(activity.kind.rawValue) by \(activity.provider.rawValue)"))
                entries.append(entry)
            default:
                break
            }
            state.apply(recorded.event)
        }
        return CaseTrace(caseID: caseID, state: state.assistanceCase.state, entries: entries)
    }

    /// The consent as it stood, and each rule that made it cover the decision or activity.
    static func coverage(
        _ consentID: String, at time: Timestamp, kinds: [ActivityKind], providers: [Provider],
        days: ClosedRange<CalendarDay>?, state: AssistanceCase.State,
        instruments: [String: (grantedBy: Authority, instrument: ConsentInstrument)]
    ) -> (ConsentAtTime?, [Check]) {
        guard let consent = state.consents[consentID], let given = instruments[consentID] else {
            return (
                nil,
                [
                    Check(
                        rule: "consent recorded", holds: false,
                        detail: "the case had no consent \(consentID) at that time")
                ]
            )
        }
        let scope = consent.scope
        let snapshot = ConsentAtTime(
            consentID: consentID, grantedBy: given.grantedBy, instrument: given.instrument, scope: scope,
            amendments: consent.amendments, withdrawn: consent.withdrawn)
        let kindsOut = kinds.filter { !scope.activityKinds.contains($0) }
        let providersOut = providers.filter { !scope.providers.contains($0) }
        func list<T: RawRepresentable<String>>(_ values: [T]) -> String {
            values.map(\.rawValue).joined(separator: ", ")
        }
        var checks = [
            Check(
                rule: "granted by the State", holds: given.grantedBy.state == state.state,
                detail:
                    "granted by \(given.grantedBy.name), \(given.grantedBy.office) (\(given.grantedBy.state)) by \(given.instrument.kind.rawValue) \(given.instrument.reference) of \(given.instrument.dated)"
            ),
            Check(
                rule: "not withdrawn", holds: !consent.withdrawn,
                detail: consent.withdrawn
                    ? "consent \(consentID) had been withdrawn" : "consent \(consentID) was not withdrawn at \(time)"),
            Check(
                rule: "valid at the time", holds: scope.isValid(at: time),
                detail:
                    "\(time) \(scope.isValid(at: time) ? "lies within" : "lies outside") \(scope.validFrom)..\(scope.validUntil)"
            ),
            Check(
                rule: "activity kinds in scope", holds: kindsOut.isEmpty,
                detail: kindsOut.isEmpty
                    ? "scope kinds [\(list(scope.activityKinds))] contain [\(list(kinds))]"
                    : "scope kinds [\(list(scope.activityKinds))] lack [\(list(kindsOut))]"),
            Check(
                rule: "providers in scope", holds: providersOut.isEmpty,
                detail: providersOut.isEmpty
                    ? "scope providers [\(list(scope.providers))] contain [\(list(providers))]"
                    : "scope providers [\(list(scope.providers))] lack [\(list(providersOut))]"),
        ]
        if let days {
            let inside = scope.covers(from: days.lowerBound, to: days.upperBound)
            checks.append(
                Check(
                    rule: "dates in validity", holds: inside,
                    detail:
                        "\(days.lowerBound)..\(days.upperBound) \(inside ? "within" : "outside") \(scope.validFrom.calendarDay)..\(scope.validUntil.calendarDay)"
                ))
        }
        return (snapshot, checks)
    }
}
