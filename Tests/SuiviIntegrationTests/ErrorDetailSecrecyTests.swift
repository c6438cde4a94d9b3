import Foundation
import SuiviApp
import SuiviDomain
import SuiviKafka
import SuiviPostgres
import SuiviStore
import Testing

/// A unique violation's DETAIL quotes the key's values (`Key (event_id)=(...) already exists`). Those are
/// data, not a diagnosis: they must never reach a log line at info level or above, nor a dead letter's
/// reason, nor a one-line CLI error. Only `debugDescription` carries them.
@Suite("Unique violations keep their key values out of logs", .serialized)
struct ErrorDetailSecrecyTests {
    @Test func theDescriptionOfAUniqueViolationHasNoKeyValues() async throws {
        try await TestStack.withScope(partitions: 1) { scope in
            let connection = try scope.connect()
            try Migrator(connection: connection, logger: TestStack.logger).migrate()
            let secret = "cmd-secret-value-4711"
            try connection.execute("""
                INSERT INTO suivi.outcomes (command_id, fingerprint, command_type, subject, status, recorded_at, source_partition, source_offset)
                VALUES ('\(secret)', '\\x00', 'RequestAssistance', 'case-x', 'accepted', now(), 0, 0)
                """)
            do {
                try connection.execute("""
                    INSERT INTO suivi.outcomes (command_id, fingerprint, command_type, subject, status, recorded_at, source_partition, source_offset)
                    VALUES ('\(secret)', '\\x01', 'RequestAssistance', 'case-x', 'accepted', now(), 0, 1)
                    """)
                Issue.record("the second outcome was accepted")
            } catch let error as PostgresError {
                #expect(error.sqlState == PostgresError.SQLState.uniqueViolation)
                #expect(error.debugDescription.contains(secret), "the server's DETAIL is kept for debugging")
                #expect(!error.description.contains(secret))
                let wrapped = StoreError.wrap(error)
                #expect(wrapped is StoreError, "the store layer always answers with its own error")
                #expect(!"\(wrapped)".contains(secret))
                #expect(!Failure.describe(wrapped).contains(secret))
            }
        }
    }

    @Test func aDeciderRefusedByAUniqueViolationNeverLogsTheKey() async throws {
        try await TestStack.withScope(partitions: 1) { scope in
            let configuration = try scope.configuration
            let connection = try scope.connect()
            try Migrator(connection: connection, logger: TestStack.logger).migrate()
            // The event id the decider will give the command's first event, taken first by another stream:
            // its append then fails with a unique violation on event_id, every time. (Filed under a partition
            // the topic does not have, so that the relay's catch-up does not try to publish it.)
            let request = SampleCommands.requestAssistance(case: "case-secrecy-1", id: "cmd-secrecy-1")
            let eventID = EventHash.uuid("suivi-event:cmd-secrecy-1:0")
            try connection.execute("""
                INSERT INTO suivi.events (stream_id, stream_type, version, event_id, event_type, data, command_id, actor, actor_role,
                    occurred_at, recorded_at, source_partition, hash)
                VALUES ('other-stream', 'AssistanceCase', 1, '\(eventID)', 'AssistanceRequested', '{}', 'other', 'a', 'secretariat',
                    now(), now(), 99, '\\x00')
                """)
            var environment = scope.environment
            environment["SUIVI_LOG_LEVEL"] = "info"
            let decider = try WorkerProcess("suivi-decider", environment: environment)
            defer { decider.stop() }
            let producer = try KafkaProducer(configuration: configuration.kafka(clientID: "suivi-tests"), logger: TestStack.logger)
            defer { producer.close() }
            _ = try await producer.send([
                OutgoingMessage(topic: configuration.topics.commands, key: Array(request.subject.utf8), value: SampleCommands.bytes(request))
            ])
            // A unique violation may be another decider's concurrent append, so the batch is retried (and
            // logged at error level each time) rather than dead-lettered: wait for a few of those lines.
            try await TestStack.eventually("the refusal logged three times") {
                decider.log.components(separatedBy: "decider batch failed").count > 3
            }
            decider.stop()
            let log = decider.log
            #expect(log.contains("decider batch failed") && log.contains("unique constraint"), "the refusal was logged, with its cause")
            #expect(!log.lowercased().contains(eventID.lowercased()), "a log line quotes the key's value")
        }
    }
}
