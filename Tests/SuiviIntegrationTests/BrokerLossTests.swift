import Foundation
import SuiviApp
import SuiviDomain
import SuiviKafka
import SuiviPostgres
import SuiviStore
import Testing

/// The broker loses everything (an in-memory broker restarted); the event store refills the topics and
/// the read models end up whole, with nothing applied twice.
@Suite("A broker that lost its data", .serialized)
struct BrokerLossTests {
    @Test func republishingFromTheStoreMakesTheTopicsAndReadModelsWholeAgain() async throws {
        let broker = try PrivateBroker()
        try await TestStack.withScope(partitions: 3, brokers: broker.address) { scope in
            let configuration = try scope.configuration
            let connection = try scope.connect()
            func count(_ sql: String) throws -> Int64 { try connection.query(PostgresQuery(sql: sql))[0].int("n") }
            func publish(_ range: Range<Int>) async throws {
                let producer = try KafkaProducer(configuration: configuration.kafka(clientID: "suivi-tests"), logger: TestStack.logger)
                _ = try await producer.send(range.map { index in
                    let envelope = SampleCommands.requestAssistance(case: "case-loss-\(index)", id: "cmd-loss-\(index)")
                    return OutgoingMessage(topic: configuration.topics.commands, key: Array(envelope.subject.utf8), value: SampleCommands.bytes(envelope))
                })
                producer.close()
            }
            var decider = try WorkerProcess("suivi-decider", environment: scope.environment)
            var projector = try WorkerProcess("suivi-projector", environment: scope.environment)
            try await publish(0..<300)
            try await TestStack.eventually("the first commands projected") { try count("SELECT count(*) AS n FROM suivi_read.cases") == 300 }
            decider.stop()
            projector.stop()

            // The broker loses its log.
            broker.stop()
            try broker.start()
            try Connections.ensureTopics(configuration, logger: TestStack.logger)
            let republish = try WorkerProcess.run("suivi", ["relay", "republish", "--reset-offsets", "--json"], environment: scope.environment)
            #expect(republish.status == 0, "\(republish.stderr)")
            #expect(try JSONParser.parse(republish.stdout)["events"] == 300)

            decider = try WorkerProcess("suivi-decider", environment: scope.environment)
            projector = try WorkerProcess("suivi-projector", environment: scope.environment)
            defer { decider.stop(); projector.stop() }
            // New commands flow again, on offsets that restarted at 0.
            try await publish(300..<350)
            try await TestStack.eventually("new commands projected after the loss") { try count("SELECT count(*) AS n FROM suivi_read.cases") == 350 }
            let stats = try ReadModelStore(connection: connection).stats(group: configuration.projectorGroup)
            #expect(stats.applied == 350, "each event applied once")
            #expect(stats.skipped == 300, "the republished events were recognised as applied")
            // The events topic holds every stored event again.
            let verify = try WorkerProcess.run("suivi", ["audit", "verify", "--against-topic"], environment: scope.environment, timeout: 120)
            #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
            let rebuild = try WorkerProcess.run("suivi", ["rebuild", "--verify"], environment: scope.environment, timeout: 120)
            #expect(rebuild.status == 0, "\(rebuild.stdout)")
        }
    }
}
