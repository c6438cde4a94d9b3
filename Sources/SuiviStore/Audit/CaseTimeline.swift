public import SuiviDomain
public import SuiviPostgres

/// Every command's outcome for one case, in the order the decider recorded them, rejected ones with
/// their reason codes and accepted ones with the events they recorded. Read from the event store
/// (`suivi.outcomes` joined with `suivi.events`), so it needs no read model and works read-only.
public struct CaseTimeline: Sendable {
    public struct Entry: Sendable {
        public var position: Int64
        public var commandID: String
        public var commandType: String
        public var status: CommandOutcome.Status
        public var reasons: [Rejection]
        /// The command's time (absent on outcomes recorded before it was kept).
        public var occurredAt: Timestamp?
        public var recordedAt: Timestamp
        public var events: [RecordedEvent]

        public var json: JSON {
            [
                "position": .number(String(position)), "commandId": .string(commandID),
                "commandType": .string(commandType), "status": .string(status.rawValue),
                "reasons": .array(reasons.map { ["code": .string($0.code.rawValue), "message": .string($0.message)] }),
                "occurredAt": occurredAt.map { .string($0.rfc3339) } ?? .null,
                "recordedAt": .string(recordedAt.rfc3339),
                "events": .array(
                    events.map { recorded in
                        [
                            "eventId": .string(recorded.metadata.eventID),
                            "eventType": .string(recorded.event.typeName),
                            "version": .int(recorded.version), "actor": .string(recorded.metadata.actor),
                            "actorRole": .string(recorded.metadata.actorRole.rawValue),
                            "onBehalfOf": recorded.metadata.onBehalfOf.map { .string($0) } ?? .null,
                            "consentId": recorded.metadata.consentID.map { .string($0) } ?? .null,
                        ]
                    }),
            ]
        }
    }

    public var caseID: String
    public var entries: [Entry]

    public var json: JSON { ["caseId": .string(caseID), "entries": .array(entries.map(\.json))] }

    /// The timeline of a case; nil when no command for it was ever decided.
    public static func load(_ caseID: String, connection: PostgresConnection) throws -> CaseTimeline? {
        let result: PostgresResult
        do {
            result = try connection.query(
                """
                SELECT \(unescaped: EventStore.outcomeColumns),
                    (extract(epoch FROM occurred_at) * 1000000)::bigint AS occurred_us
                FROM suivi.outcomes WHERE subject = \(caseID) ORDER BY position
                """)
        } catch { throw StoreError.wrap(error) }
        guard result.count > 0 else { return nil }
        let events = Dictionary(
            try EventStore(connection: connection).stream(caseID).map { ($0.event.metadata.eventID, $0.event) },
            uniquingKeysWith: { first, _ in first })
        let entries = try result.rows.map { row in
            let outcome = try EventStore.decodeOutcome(row).outcome
            return Entry(
                position: try row.int("position"), commandID: outcome.commandID, commandType: outcome.commandType,
                status: outcome.status, reasons: outcome.reasons,
                occurredAt: try row.optionalInt("occurred_us").map(Timestamp.init(microseconds:)),
                recordedAt: outcome.recordedAt, events: outcome.eventIDs.compactMap { events[$0] })
        }
        return CaseTimeline(caseID: caseID, entries: entries)
    }
}
