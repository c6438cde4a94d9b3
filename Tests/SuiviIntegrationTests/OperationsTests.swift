import Foundation
import SuiviApp
import SuiviOperations
import SuiviDomain
import SuiviKafka
import SuiviPostgres
import SuiviStore
import Testing

/// Operations, for real: parking and retrying, lag and health, rebuilds under load, and a broker that
/// lost its data.
@Suite("Operations", .serialized)
struct OperationsTests {
    func publish(_ messages: [(key: String, value: [UInt8])], _ configuration: SuiviConfiguration) async throws {
        let producer = try KafkaProducer(configuration: configuration.kafka(clientID: "suivi-tests"), logger: TestStack.logger)
        _ = try await producer.send(messages.map { OutgoingMessage(topic: configuration.topics.commands, key: Array($0.key.utf8), value: $0.value) })
        producer.close()
    }

    func requests(_ range: Range<Int>, prefix: String) -> [(key: String, value: [UInt8])] {
        range.map { index in
            let envelope = SampleCommands.requestAssistance(case: "\(prefix)-\(index)", id: "cmd-\(prefix)-\(index)",
                state: SampleCommands.states[index % SampleCommands.states.count])
            return (envelope.subject, SampleCommands.bytes(envelope))
        }
    }

    func count(_ connection: PostgresConnection, _ sql: String) throws -> Int64 {
        try connection.query(PostgresQuery(sql: sql))[0].int("n")
    }

    @Test func aFailingEventParksOnlyItsCaseUntilRetried() async throws {
        try await TestStack.withScope(partitions: 2) { scope in
            let configuration = try scope.configuration
            let connection = try scope.connect()
            // The cause: a read-model constraint that refuses one case (as a buggy projection would).
            try connection.execute("ALTER TABLE suivi_read.cases ADD CONSTRAINT refuse_poison CHECK (case_id <> 'case-poison')")
            let poison = SampleCommands.requestAssistance(case: "case-poison", id: "cmd-poison-request")
            try await publish([(poison.subject, SampleCommands.bytes(poison))] + requests(0..<20, prefix: "case-ok")
                + [("case-poison", SampleCommands.giveConsent(case: "case-poison", id: "cmd-poison-consent", consent: "consent-poison"))],
                configuration)
            let decider = try WorkerProcess("suivi-decider", environment: scope.environment)
            let projector = try WorkerProcess("suivi-projector", environment: scope.environment)
            defer { decider.stop(); projector.stop() }

            try await TestStack.eventually("the other cases projected and the poison parked") {
                try count(connection, "SELECT count(*) AS n FROM suivi_read.cases") == 20
                    && count(connection, "SELECT count(*) AS n FROM suivi.dead_letters WHERE stream_id = 'case-poison'") == 2
            }
            let parked = try DeadLetterStore(connection: connection).list(status: "parked", consumer: "projector")
            #expect(parked.map(\.reasonCode) == ["projection-failed", "parked-behind"])
            #expect(parked.map(\.version) == [1, 2])
            #expect(parked[0].reason.contains("refuse_poison"))
            // Other cases keep flowing while the poison is parked.
            try await publish(requests(20..<25, prefix: "case-ok"), configuration)
            try await TestStack.eventually("later cases projected") { try count(connection, "SELECT count(*) AS n FROM suivi_read.cases") == 25 }
            #expect(try count(connection, "SELECT count(*) AS n FROM suivi_read.cases WHERE case_id = 'case-poison'") == 0)

            // A retry while the cause is still there fails, and the letters stay parked with one more attempt.
            let failing = try WorkerProcess.run("suivi", ["dlq", "retry", "--all", "--consumer", "projector"], environment: scope.environment)
            #expect(failing.status == 4)
            #expect(try DeadLetterStore(connection: connection).list(status: "parked").map(\.attempts) == [2, 2])

            // Cause removed: the retry applies both, in order, and the read models are as if nothing had failed.
            try connection.execute("ALTER TABLE suivi_read.cases DROP CONSTRAINT refuse_poison")
            let retry = try WorkerProcess.run("suivi", ["dlq", "retry", String(parked[0].id)], environment: scope.environment)
            #expect(retry.status == 0, "\(retry.stdout)\(retry.stderr)")
            let row = try #require(try CaseQueries(connection: connection).show("case-poison"))
            #expect(row.version == 2)
            #expect(try DeadLetterStore(connection: connection).list(status: "parked").isEmpty)
            let verify = try WorkerProcess.run("suivi", ["rebuild", "--verify"], environment: scope.environment)
            #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        }
    }

    @Test func aMessageTheDatabaseRefusesIsDeadLetteredAndTheRestIsDecided() async throws {
        try await TestStack.withScope(partitions: 1) { scope in
            let configuration = try scope.configuration
            let connection = try scope.connect()
            // A refusal that retrying cannot cure, for one case only.
            try connection.execute("ALTER TABLE suivi.events ADD CONSTRAINT refuse_case CHECK (stream_id <> 'case-refused-4')")
            try await publish(requests(0..<10, prefix: "case-refused"), configuration)
            let decider = try WorkerProcess("suivi-decider", environment: scope.environment)
            defer { decider.stop() }
            try await TestStack.eventually("nine decided and one dead-lettered") {
                try count(connection, "SELECT count(*) AS n FROM suivi.outcomes") == 9
                    && count(connection, "SELECT count(*) AS n FROM suivi.dead_letters WHERE reason_code = 'processing-failed'") == 1
            }
            let letter = try #require(try DeadLetterStore(connection: connection).list(status: "parked", consumer: "decider").first)
            #expect(letter.reason.contains("refuse_case"))
            #expect(try JSONParser.parse(letter.value)["subject"] == "case-refused-4")
            #expect(try EventStore(connection: connection).offsets(group: configuration.deciderGroup, topic: configuration.topics.commands)[0] == 10)
        }
    }

    @Test func statusReportsTheTrueLagAndItsExitCodeFollowsTheThresholds() async throws {
        try await TestStack.withScope(partitions: 3) { scope in
            let configuration = try scope.configuration
            let connection = try scope.connect()
            try await publish(requests(0..<400, prefix: "case-lag"), configuration)
            // Nobody has consumed yet: the lag is the whole backlog, as the broker counts it.
            let before = try SystemStatus.gather(configuration, connection: connection, logger: TestStack.logger)
            let commandsLag = before.partitions.filter { $0.topic == configuration.topics.commands }.compactMap(\.lag).reduce(0, +)
            #expect(commandsLag == 400)
            var sick = try WorkerProcess.run("suivi", ["status", "--max-lag", "10"], environment: scope.environment)
            #expect(sick.status == 4)
            #expect(sick.stderr.contains("lag 400 exceeds --max-lag 10"))
            sick = try WorkerProcess.run("suivi", ["status", "--require-workers"], environment: scope.environment)
            #expect(sick.status == 4)

            let decider = try WorkerProcess("suivi-decider", environment: scope.environment.merging(["SUIVI_BATCH_SIZE": "50"]) { $1 })
            let projector = try WorkerProcess("suivi-projector", environment: scope.environment)
            defer { decider.stop(); projector.stop() }
            try await TestStack.eventually("the backlog drained") {
                try SystemStatus.gather(configuration, connection: connection, logger: TestStack.logger).totalLag == 0
                    && count(connection, "SELECT count(*) AS n FROM suivi_read.cases") == 400
            }
            try await Task.sleep(for: .seconds(6))  // a heartbeat after the last batch
            let healthy = try WorkerProcess.run("suivi", ["status", "--max-lag", "0", "--require-workers", "--json"], environment: scope.environment)
            #expect(healthy.status == 0, "\(healthy.stderr)")
            let json = try JSONParser.parse(healthy.stdout)
            #expect(json["totalLag"] == 0)
            #expect(json["workers"]?.arrayValue?.count == 2)
        }
    }

    @Test func rebuildsUnderLoadSwapInAndEqualAQuietRebuild() async throws {
        try await TestStack.withScope(partitions: 3) { scope in
            let configuration = try scope.configuration
            let connection = try scope.connect()
            let decider = try WorkerProcess("suivi-decider", environment: scope.environment)
            let projector = try WorkerProcess("suivi-projector", environment: scope.environment)
            defer { decider.stop(); projector.stop() }
            try await publish(requests(0..<1500, prefix: "case-rb"), configuration)
            try await TestStack.eventually("first cases projected") { try count(connection, "SELECT count(*) AS n FROM suivi_read.cases") >= 500 }

            // Commands keep arriving while both rebuilds run and swap.
            let load = Task { [self] in
                for wave in 0..<6 {
                    try await publish(requests((1500 + wave * 100)..<(1600 + wave * 100), prefix: "case-rb"), configuration)
                    try await Task.sleep(for: .milliseconds(300))
                }
            }
            let fromStore = try WorkerProcess.run("suivi", ["rebuild", "--chunk-size", "500", "--json"], environment: scope.environment, timeout: 120)
            #expect(fromStore.status == 0, "\(fromStore.stderr)")
            #expect(try JSONParser.parse(fromStore.stdout)["swapped"] == true)
            let fromTopic = try WorkerProcess.run("suivi", ["rebuild", "--source", "topic", "--json"], environment: scope.environment, timeout: 120)
            #expect(fromTopic.status == 0, "\(fromTopic.stderr)")
            try await load.value

            try await TestStack.eventually("everything projected") { try count(connection, "SELECT count(*) AS n FROM suivi_read.cases") == 2100 }
            // Quiet now: a fresh rebuild compared with what the swapped-in read models became.
            let verify = try WorkerProcess.run("suivi", ["rebuild", "--verify", "--json"], environment: scope.environment, timeout: 120)
            #expect(verify.status == 0, "\(verify.stdout)")
            #expect(try JSONParser.parse(verify.stdout)["differences"] == [])
            // The projector kept applying each event once across both swaps.
            #expect(try count(connection, "SELECT count(*) AS n FROM suivi_read.cases WHERE version <> 1") == 0)

            // An edit by hand is found and named.
            try connection.execute("UPDATE suivi_read.cases SET status = 'closed' WHERE case_id = 'case-rb-7'")
            let altered = try WorkerProcess.run("suivi", ["rebuild", "--verify"], environment: scope.environment, timeout: 120)
            #expect(altered.status == 4)
            #expect(altered.stdout.contains("case-rb-7"))
        }
    }
}
