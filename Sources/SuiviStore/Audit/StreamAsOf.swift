public import SuiviDomain

/// A regional consultation or the report to the Council as it stood at a past moment: the domain's
/// fold of the stream's events known then (by recording or by occurrence time), and those events.
/// Cases have the richer ``CaseAsOf``.
public struct StreamAsOf: Sendable {
    public var streamID: String
    public var asOf: Timestamp
    public var basis: AsOfBasis
    public var events: [RecordedEvent]
    public var state: AggregateState

    /// Folds the events of `stream` (version order) known at `time`.
    public static func build(streamID: String, stream: [RecordedEvent], at time: Timestamp, by basis: AsOfBasis) -> StreamAsOf {
        let known = basis.known(stream, at: time)
        return StreamAsOf(streamID: streamID, asOf: time, basis: basis, events: known, state: AggregateState.fold(known.map(\.event)))
    }

    /// The stream's kind, from its first event (nil for an empty prefix).
    public var kind: AggregateKind? { events.first?.aggregate }

    /// True when the stream had begun by then.
    public var existed: Bool { !events.isEmpty }

    public var json: JSON {
        var members: [String: JSON] = [
            "streamId": .string(streamID), "asOf": .string(asOf.rfc3339), "comparedWith": .string(basis.field),
            "existed": .bool(existed), "version": .int(events.count),
            "kind": kind.map { .string($0.rawValue) } ?? .null,
            "events": .array(events.map { event in
                [
                    "version": .int(event.version), "type": .string(event.event.typeName),
                    "occurredAt": .string(event.metadata.occurredAt.rfc3339),
                    "recordedAt": .string(event.metadata.recordedAt.rfc3339), "actor": .string(event.metadata.actor),
                    "commandId": .string(event.metadata.commandID),
                ]
            }),
        ]
        switch kind {
        case .regionalConsultation?:
            let consultation = state.regionalConsultation
            members["status"] = .string(consultation.status.rawValue)
            members["region"] = .string(consultation.region)
            members["heldOn"] = consultation.heldOn.map { .string($0.description) } ?? .null
        case .mandatedReport?:
            let report = state.mandatedReport
            members["status"] = .string(report.status.rawValue)
            members["resolution"] = .string(report.resolution)
            members["dueSession"] = .int(report.dueSession)
            members["sessionHistory"] = .array(report.sessionHistory.map { .int($0) })
            members["waivers"] = .object(report.waivers.mapValues { .string($0) })
        default:
            break
        }
        return .object(members)
    }
}
