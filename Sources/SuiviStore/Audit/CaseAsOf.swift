public import SuiviDomain

/// A case as it stood at a past moment: the domain's own fold (``AggregateState``) over the stream's
/// events whose `recordedAt` ("as the system knew it") or `occurredAt` ("as things stood") is at or
/// before the moment.
public struct CaseAsOf: Sendable {
    /// The moment asked about.
    public var asOf: Timestamp
    /// Which of the event's times is compared with the moment.
    public var basis: AsOfBasis = .recorded
    public var caseID: String
    /// The events folded (the stream's prefix recorded by `asOf`).
    public var events: [RecordedEvent]
    /// The fold of those events.
    public var state: AggregateState

    /// Folds the events of `stream` (in version order) recorded (or that occurred) at or before `time`.
    public static func build(caseID: String, stream: [RecordedEvent], at time: Timestamp, by basis: AsOfBasis = .recorded)
        -> CaseAsOf
    {
        let known = basis.known(stream, at: time)
        return CaseAsOf(asOf: time, basis: basis, caseID: caseID, events: known, state: AggregateState.fold(known.map(\.event)))
    }

    /// True when the case had been requested by then.
    public var existed: Bool { state.assistanceCase.exists }

    /// The activities recorded by then, in order.
    public var activities: [RecordActivity] {
        events.compactMap { if case .activityRecorded(let recorded) = $0.event { recorded.activity } else { nil } }
    }

    public var json: JSON {
        let folded = state.assistanceCase
        let consents: [JSON] = folded.consentOrder.compactMap { folded.consents[$0] }.map { consent in
            [
                "consentId": .string(consent.id), "grantedBy": consent.grantedBy.json, "scope": consent.scope.json,
                "amendments": .int(consent.amendments), "withdrawn": .bool(consent.withdrawn),
                "validAtThatTime": .bool(!consent.withdrawn && consent.scope.isValid(at: asOf)),
            ]
        }
        let approvals: [JSON] = folded.approvals.map { approval in
            [
                "activityKinds": .array(approval.activityKinds.map { .string($0.rawValue) }),
                "providers": .array(approval.providers.map { .string($0.rawValue) }),
                "consentId": .string(approval.consentID),
            ]
        }
        let activities: [JSON] = events.compactMap { recorded in
            guard case .activityRecorded(let activity) = recorded.event else { return nil }
            return [
                "activityId": .string(activity.activity.activityID), "kind": .string(activity.activity.kind.rawValue),
                "title": .string(activity.activity.title),
                "startDate": .string(activity.activity.startDate.description),
                "endDate": .string(activity.activity.endDate.description),
                "provider": .string(activity.activity.provider.rawValue), "consentId": .string(activity.consentID),
                "corrects": activity.activity.corrects.map { .string($0) } ?? .null,
            ]
        }
        return [
            "caseId": .string(caseID), "asOf": .string(asOf.rfc3339), "comparedWith": .string(basis.field),
            "existed": .bool(existed), "version": .int(state.version),
            "lastRecordedAt": events.last.map { .string($0.metadata.recordedAt.rfc3339) } ?? .null,
            "state": existed ? .string(folded.state) : .null,
            "provider": folded.provider.map { .string($0.rawValue) } ?? .null,
            "status": existed ? .string(folded.status.rawValue) : .null,
            "consents": .array(consents), "approvals": .array(approvals), "activities": .array(activities),
        ]
    }
}
