import SuiviDomain
import SuiviKafka
import SuiviPostgres
import SuiviStore
import Testing

/// What a worker puts on the dead-letters topic carries the headers
/// `Schemas/deadletter-headers.schema.json` requires, whichever worker refused the message.
@Suite("Dead letters on the topic", .serialized)
struct DeadLetterTopicTests {
    @Test func theProjectorsDeadLettersCarryReasonAndSource() async throws {
        try await TestStack.withScope(partitions: 1) { scope in
            let configuration = try scope.configuration
            let projector = try WorkerProcess("suivi-projector", environment: scope.environment)
            defer { projector.stop() }
            try await AuditFixtures.publishRaw([(key: "case-dl-1", value: Array("not an event".utf8))], to: scope)

            let consumer = try KafkaConsumer(configuration: configuration.kafka(clientID: "suivi-tests"), logger: TestStack.logger)
            defer { consumer.close() }
            try consumer.assign([
                TopicPartitionOffset(topic: configuration.topics.deadLetters, partition: 0, offset: TopicPartitionOffset.beginning)
            ])
            var letters: [KafkaMessage] = []
            try await TestStack.eventually("the dead letter is on the topic") {
                letters += try consumer.poll(maxMessages: 10, timeout: .milliseconds(200))
                return !letters.isEmpty
            }
            let headers = Dictionary(letters[0].headers.map { ($0.name, String(decoding: $0.value, as: UTF8.self)) }) { $1 }
            #expect(letters[0].value == Array("not an event".utf8), "kept whole")
            #expect(headers["suivi.reason.code"]?.isEmpty == false)
            #expect(headers["suivi.reason"]?.isEmpty == false)
            #expect(headers["suivi.source"] == "\(configuration.topics.events)/0/0")
            #expect(projector.stop() == 0)
        }
    }
}
