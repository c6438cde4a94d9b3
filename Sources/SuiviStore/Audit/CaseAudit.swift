public import SuiviDomain
public import SuiviPostgres

/// The auditor's questions about one case, answered from the event store (never from the read models):
/// its timeline of outcomes, why each decision was covered, how it stood at a past moment, and whether
/// its hash chain holds.
public struct CaseAudit {
    public let connection: PostgresConnection

    public init(connection: PostgresConnection) { self.connection = connection }

    /// The case's events with their hashes; empty when the case has no events.
    public func stream(_ caseID: String) throws -> [(event: RecordedEvent, hash: [UInt8], previousHash: [UInt8]?)] {
        try EventStore(connection: connection).stream(caseID)
    }

    /// Why each decision and activity was covered; nil when the case has no events.
    public func trace(_ caseID: String) throws -> CaseTrace? {
        let events = try stream(caseID).map(\.event)
        guard events.first?.aggregate == .assistanceCase else { return nil }
        return CaseTrace.build(caseID: caseID, events: events)
    }

    /// The case as it stood at `time` (events with `recordedAt` at or before it); nil when the case has
    /// no events at all.
    public func asOf(_ caseID: String, at time: Timestamp, by basis: AsOfBasis = .recorded) throws -> CaseAsOf? {
        let events = try stream(caseID).map(\.event)
        guard events.first?.aggregate == .assistanceCase else { return nil }
        return CaseAsOf.build(caseID: caseID, stream: events, at: time, by: basis)
    }

    /// Any stream (a regional consultation, the report) as it stood at `time`; nil when the stream has no
    /// events at all.
    public func streamAsOf(_ streamID: String, at time: Timestamp, by basis: AsOfBasis) throws -> StreamAsOf? {
        let events = try stream(streamID).map(\.event)
        guard !events.isEmpty else { return nil }
        return StreamAsOf.build(streamID: streamID, stream: events, at: time, by: basis)
    }

    /// Every command's outcome; nil when no command for the case was decided.
    public func timeline(_ caseID: String) throws -> CaseTimeline? {
        try CaseTimeline.load(caseID, connection: connection)
    }
}
