import Foundation
import SuiviDomain
import SuiviKafka
import SuiviPostgres
import SuiviStore
import Testing

/// Streams with several events each, appended as the decider appends them (same columns, same hash
/// chain), and the tampering an attacker with superuser rights could do behind Suivi's back.
enum AuditFixtures {
    /// A stored event as the fixtures made it.
    struct Stored {
        let recorded: RecordedEvent
        let previousHash: [UInt8]?
        let hash: [UInt8]
        let position: Int64
    }

    /// Appends `count` events to `stream`, chained, with the payload of a RequestAssistance of `state`.
    @discardableResult
    static func appendChain(_ connection: PostgresConnection, stream: String, count: Int, state: String = "TGO", partition: Int32 = 0)
        throws -> [Stored]
    {
        var previous: [UInt8]?
        var stored: [Stored] = []
        for version in 1...count {
            let next = try appendOne(connection, stream: stream, version: version, previous: previous, state: state, partition: partition)
            stored.append(next)
            previous = next.hash
        }
        return stored
    }

    /// Three interleaved streams (A: 4 events, B: 3, C: 5), so that position order mixes streams.
    static func seedInterleaved(_ connection: PostgresConnection) throws -> [String: [Stored]] {
        var streams: [String: [Stored]] = [:]
        // Append in rounds so positions interleave: A1 B1 C1 A2 B2 C2 ...
        let plan = [("case-audit-A", 4, "TGO"), ("case-audit-B", 3, "PRY"), ("case-audit-C", 5, "SEN")]
        var heads: [String: (version: Int, hash: [UInt8]?)] = [:]
        for round in 1...5 {
            for (stream, count, state) in plan where round <= count {
                let head = heads[stream] ?? (0, nil)
                let stored = try appendOne(connection, stream: stream, version: head.version + 1, previous: head.hash, state: state)
                streams[stream, default: []].append(stored)
                heads[stream] = (stored.recorded.version, stored.hash)
            }
        }
        return streams
    }

    /// Appends one chained event. Without `ledgerHash` the `events_ledger` trigger links it into the ledger
    /// (and holds the ledger head's lock until the transaction ends); with one, the row carries it as given
    /// and takes no lock, as a writer that bypasses the ledger would.
    static func appendOne(_ connection: PostgresConnection, stream: String, version: Int, previous: [UInt8]?, state: String,
        partition: Int32 = 0, ledgerHash: [UInt8]? = nil) throws -> Stored
    {
        let envelope = SampleCommands.requestAssistance(case: stream, id: "cmd-\(stream)-\(version)", state: state, minute: version)
        guard case .success(let event) = DomainEvent.decode(typeName: "AssistanceRequested", data: envelope.data) else {
            throw FixtureError("the sample payload does not decode")
        }
        let recorded = RecordedEvent(
            streamID: stream, aggregate: .assistanceCase, version: version, position: 0, event: event,
            metadata: EventMetadata(
                eventID: EventHash.uuid("audit-fixture:\(stream):\(version)"), commandID: envelope.id, actor: envelope.actor,
                actorRole: envelope.actorRole, onBehalfOf: envelope.onBehalfOf, occurredAt: envelope.time,
                recordedAt: Timestamp(rfc3339: "2026-03-03T10:00:00Z")!.adding(microseconds: Int64(version) * 1_234_567),
                consentID: version > 1 ? "consent-\(stream)" : nil))
        let hash = EventHash.compute(previous: previous, event: recorded)
        let meta = recorded.metadata
        let result = try connection.query("""
            INSERT INTO suivi.events (stream_id, stream_type, version, event_id, event_type, data, command_id, actor, actor_role,
                on_behalf_of, occurred_at, recorded_at, consent_id, source_partition, prev_hash, hash, ledger_hash)
            VALUES (\(stream), \(recorded.aggregate.rawValue), \(version), \(meta.eventID)::uuid, \(event.typeName),
                \(event.data.canonicalText)::json, \(meta.commandID), \(meta.actor), \(meta.actorRole.rawValue), \(meta.onBehalfOf),
                \(meta.occurredAt.rfc3339)::timestamptz, \(meta.recordedAt.rfc3339)::timestamptz, \(meta.consentID),
                \(partition), \(previous.map { PostgresValue.bytes($0) } ?? .null), \(hash),
                \(ledgerHash.map { PostgresValue.bytes($0) } ?? .null))
            RETURNING position
            """)
        var positioned = recorded
        positioned.position = try result[0].int("position")
        return Stored(recorded: positioned, previousHash: previous, hash: hash, position: positioned.position)
    }

    /// Runs `sql` with the append-only trigger disabled, as a superuser (or the owner) could.
    static func tamper(_ connection: PostgresConnection, _ sql: PostgresQuery) throws {
        try connection.execute("ALTER TABLE suivi.events DISABLE TRIGGER events_append_only")
        defer { _ = try? connection.execute("ALTER TABLE suivi.events ENABLE TRIGGER events_append_only") }
        let result = try connection.query(sql)
        #expect(result.affectedRows >= 1, "the tampering changed nothing: \(sql.sql)")
    }

    /// The scope's database URL logged in as its owner but acting as `suivi_auditor` (read-only).
    static func auditorURL(_ scope: TestStack.Scope) -> String {
        scope.databaseURL + (scope.databaseURL.contains("?") ? "&" : "?") + "options=-c%20role%3Dsuivi_auditor"
    }

    /// A connection acting as `suivi_auditor`.
    static func auditorConnection(_ scope: TestStack.Scope) throws -> PostgresConnection {
        let connection = try scope.connect()
        try connection.execute("SET ROLE suivi_auditor")
        return connection
    }

    /// Publishes stored events to the scope's events topic as the relay does (key = stream id).
    static func publish(_ events: [Stored], to scope: TestStack.Scope, hash: (Stored) -> [UInt8] = { $0.hash }) async throws {
        let configuration = try scope.configuration
        let producer = try KafkaProducer(configuration: configuration.kafka(clientID: "suivi-tests"), logger: TestStack.logger)
        defer { producer.close() }
        _ = try await producer.send(events.map { stored in
            OutgoingMessage(topic: configuration.topics.events, key: Array(stored.recorded.streamID.utf8),
                value: EventEnvelope.json(stored.recorded, hash: hash(stored)).canonicalBytes)
        })
    }

    /// Publishes raw messages to the scope's events topic.
    static func publishRaw(_ values: [(key: String, value: [UInt8])], to scope: TestStack.Scope) async throws {
        let configuration = try scope.configuration
        let producer = try KafkaProducer(configuration: configuration.kafka(clientID: "suivi-tests"), logger: TestStack.logger)
        defer { producer.close() }
        _ = try await producer.send(values.map {
            OutgoingMessage(topic: configuration.topics.events, key: Array($0.key.utf8), value: $0.value)
        })
    }

    /// Runs `suivi` with the scope's environment.
    static func suivi(_ arguments: [String], _ scope: TestStack.Scope, environment: [String: String] = [:])
        throws -> (status: Int32, stdout: String, stderr: String)
    {
        try WorkerProcess.run("suivi", arguments, environment: scope.environment.merging(environment) { $1 })
    }

    struct FixtureError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
