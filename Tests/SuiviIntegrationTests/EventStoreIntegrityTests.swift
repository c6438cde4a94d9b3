import SuiviDomain
import SuiviPostgres
import SuiviStore
import Testing

/// Nothing in the store can be edited or deleted: the trigger refuses it even to the owner, and the
/// job roles never hold the privilege.
@Suite("Event store integrity", .serialized)
struct EventStoreIntegrityTests {
    /// Appends one real event through the store, as the decider does.
    func seed(_ connection: PostgresConnection) throws {
        let envelope = SampleCommands.requestAssistance(case: "case-integrity", id: "cmd-integrity")
        guard case .success(let command) = CommandDecoder.decode(SampleCommands.bytes(envelope)) else {
            Issue.record("the sample command does not decode")
            return
        }
        let store = EventStore(connection: connection)
        var processor = CommandProcessor(heads: [:], outcomes: [:], now: SystemClock.now())
        processor.process(.init(command: command, partition: 0, offset: 0))
        try connection.transaction { _ in
            try store.append(processor.events)
            try store.record(processor.answers)
        }
    }

    func expectRefused(_ connection: PostgresConnection, _ sql: String, sqlState: String = PostgresError.SQLState.insufficientPrivilege,
        sourceLocation: SourceLocation = #_sourceLocation)
    {
        do {
            try connection.execute(sql)
            Issue.record("accepted: \(sql)", sourceLocation: sourceLocation)
        } catch let error as PostgresError {
            #expect(error.sqlState == sqlState, "\(sql): \(error)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("unexpected \(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func theOwnerCannotUpdateDeleteOrTruncateEvents() async throws {
        try await TestStack.withScope { scope in
            let connection = try scope.connect()
            try seed(connection)
            expectRefused(connection, "UPDATE suivi.events SET actor = 'someone else'")
            expectRefused(connection, "DELETE FROM suivi.events")
            expectRefused(connection, "TRUNCATE suivi.events")
            expectRefused(connection, "UPDATE suivi.outcomes SET status = 'rejected'")
            expectRefused(connection, "DELETE FROM suivi.outcomes")
            #expect(try connection.query("SELECT count(*) AS n FROM suivi.events")[0].int("n") == 1)
        }
    }

    @Test func eachRoleCanDoOnlyItsJob() async throws {
        try await TestStack.withScope { scope in
            let connection = try scope.connect()
            try seed(connection)
            let copyRow = "INSERT INTO suivi.events (stream_id, stream_type, version, event_id, event_type, data, command_id, actor, actor_role, occurred_at, recorded_at, source_partition, hash) SELECT stream_id, stream_type, version + 1, gen_random_uuid(), event_type, data, command_id, actor, actor_role, occurred_at, recorded_at, source_partition, hash FROM suivi.events"

            try connection.execute("SET ROLE suivi_decider")
            try connection.execute(copyRow)  // appending is the decider's job
            expectRefused(connection, "UPDATE suivi.events SET actor = 'x'")
            expectRefused(connection, "DELETE FROM suivi.events")
            expectRefused(connection, "INSERT INTO suivi_read.cases (case_id) VALUES ('x')")
            try connection.execute("RESET ROLE")

            try connection.execute("SET ROLE suivi_projector")
            #expect(try connection.query("SELECT count(*) AS n FROM suivi.events")[0].int("n") == 2)
            expectRefused(connection, copyRow)
            expectRefused(connection, "UPDATE suivi.events SET actor = 'x'")
            try connection.execute("DELETE FROM suivi_read.projector_offsets")  // read models are its own
            try connection.execute("RESET ROLE")

            try connection.execute("SET ROLE suivi_auditor")
            #expect(try connection.query("SELECT count(*) AS n FROM suivi.outcomes")[0].int("n") == 1)
            #expect(try connection.query("SELECT count(*) AS n FROM suivi_read.cases")[0].int("n") == 0)
            expectRefused(connection, copyRow)
            expectRefused(connection, "INSERT INTO suivi.dead_letters (consumer, topic, partition, \"offset\", message_value, reason_code, reason) VALUES ('a','b',0,0,'\\x00','c','d')")
            expectRefused(connection, "DELETE FROM suivi_read.cases")
            try connection.execute("RESET ROLE")
        }
    }

    @Test func theHashChainCoversContentAndOrder() async throws {
        try await TestStack.withScope { scope in
            let connection = try scope.connect()
            try seed(connection)
            let stream = try EventStore(connection: connection).stream("case-integrity")
            let first = try #require(stream.first)
            #expect(first.previousHash == nil)
            #expect(first.hash == EventHash.compute(previous: nil, event: first.event))
            var altered = first.event
            altered.metadata.actor = "someone else"
            #expect(EventHash.compute(previous: nil, event: altered) != first.hash)
        }
    }
}
