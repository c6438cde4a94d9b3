public import SuiviDomain

/// One row of the `cases` read model, and how events change it.
public struct CaseRow: Sendable, Hashable {
    public var caseID: String
    public var state: String
    public var provider: String
    public var providerOffice: String?
    public var purpose: String
    public var capacities: [String]
    public var trackingTool: String?
    public var requestReference: String?
    public var description: String?
    public var status: String
    public var requestedAt: Timestamp
    public var requestedBy: String
    public var lastEventAt: Timestamp
    /// The version of the last event applied: events at or below it are already in the row.
    public var version: Int
    public var lastPosition: Int64
    /// The consent the case would rely on by default: its most recent consent not withdrawn.
    public var currentConsentID: String? = nil
    /// The current consent's validity (from the `consents` read model; nil without a current consent).
    public var currentConsentValidFrom: Timestamp? = nil
    public var currentConsentValidUntil: Timestamp? = nil
    public var declinedAt: Timestamp? = nil
    /// Who declined, as "name (office)", and why.
    public var declinedBy: String? = nil
    public var declinedReason: String? = nil
    public var closedAt: Timestamp? = nil
    public var closure: String? = nil
    public var closureNote: String? = nil

    /// Applies an event of this case: the request creates the row, every later event of the case moves
    /// its status, version and times. Returns nil for events of other aggregates, and for a case event
    /// that arrives before the row exists.
    public static func apply(_ row: CaseRow?, _ recorded: RecordedEvent) -> CaseRow? {
        guard recorded.aggregate == .assistanceCase else { return nil }
        switch recorded.event {
        case .assistanceRequested(let requested):
            let request = requested.request
            return CaseRow(
                caseID: recorded.streamID, state: request.state, provider: request.provider.rawValue,
                providerOffice: request.providerOffice, purpose: request.purpose.rawValue,
                capacities: request.capacities.map(\.rawValue), trackingTool: request.trackingTool,
                requestReference: request.requestReference, description: request.description,
                status: CaseStatus.requested.rawValue, requestedAt: recorded.metadata.occurredAt,
                requestedBy: recorded.metadata.actor, lastEventAt: recorded.metadata.occurredAt,
                version: recorded.version, lastPosition: recorded.position)
        default:
            guard var next = row else { return nil }
            let current = CaseStatus(rawValue: next.status) ?? .requested
            next.status = current.after(recorded.event).rawValue
            next.lastEventAt = recorded.metadata.occurredAt
            switch recorded.event {
            case .consentGiven(let given): next.currentConsentID = given.consent.consentID
            case .consentWithdrawn(let withdrawn): next.currentConsentID = withdrawn.remainingConsentIDs.last
            case .assistanceDeclined(let declined):
                next.declinedAt = recorded.metadata.occurredAt
                next.declinedBy = "\(declined.decision.decidedBy.name) (\(declined.decision.decidedBy.office))"
                next.declinedReason = declined.decision.reason
            case .caseClosed(let closed):
                next.closedAt = recorded.metadata.occurredAt
                next.closure = closed.closure.closure.rawValue
                next.closureNote = closed.closure.note
            default: break
            }
            next.version = recorded.version
            next.lastPosition = recorded.position
            return next
        }
    }

    /// The row as printed by `suivi case show --json` and `suivi cases list --json`.
    public var json: JSON {
        [
            "caseId": .string(caseID),
            "state": .string(state),
            "provider": .string(provider),
            "providerOffice": providerOffice.map { .string($0) } ?? .null,
            "purpose": .string(purpose),
            "capacities": .array(capacities.map { .string($0) }),
            "trackingTool": trackingTool.map { .string($0) } ?? .null,
            "requestReference": requestReference.map { .string($0) } ?? .null,
            "description": description.map { .string($0) } ?? .null,
            "status": .string(status),
            "requestedAt": .string(requestedAt.rfc3339),
            "requestedBy": .string(requestedBy),
            "lastEventAt": .string(lastEventAt.rfc3339),
            "version": .int(version),
            "currentConsent": currentConsentID.map { id in
                [
                    "consentId": .string(id),
                    "validFrom": currentConsentValidFrom.map { .string($0.rfc3339) } ?? .null,
                    "validUntil": currentConsentValidUntil.map { .string($0.rfc3339) } ?? .null,
                ]
            } ?? .null,
            "declined": declinedAt.map { at in
                ["at": .string(at.rfc3339), "by": .string(declinedBy ?? ""), "reason": .string(declinedReason ?? "")]
            } ?? .null,
            "closed": closedAt.map { at in
                ["at": .string(at.rfc3339), "closure": .string(closure ?? ""), "note": closureNote.map { .string($0) } ?? .null]
            } ?? .null,
        ]
    }
}
