public import SuiviApp
public import Logging
internal import SuiviDomain
internal import SuiviKafka
public import SuiviPostgres
public import SuiviStore

/// Retries and skips dead letters.
///
/// - A command the decider could not decode is decoded again (the contract or the decoder may have
///   been fixed); if it is now valid, its original bytes are published to the commands topic again,
///   keyed by subject, and the decider processes it as any other command.
/// - An event a projection could not apply is applied again, with every parked event of the same
///   stream after it, in order, while the live projector waits (the swap lock): either they all apply
///   and are marked retried, or nothing changes and each gets one more attempt and the new error.
public struct DeadLetterRetry {
    /// The result of retrying one letter (or one parked stream).
    public struct Result: Sendable {
        public var ids: [Int64]
        public var succeeded: Bool
        public var message: String
    }

    private let configuration: SuiviConfiguration
    private let connection: PostgresConnection
    private let logger: Logger

    public init(configuration: SuiviConfiguration, connection: PostgresConnection, logger: Logger) {
        self.configuration = configuration
        self.connection = connection
        self.logger = logger
    }

    /// Retries one letter; an event letter brings its stream's later parked letters with it.
    public func retry(_ letter: DeadLetterStore.Letter) async throws -> Result {
        guard letter.status == "parked" else {
            return Result(ids: [letter.id], succeeded: false, message: "dead letter \(letter.id) is \(letter.status), not parked; nothing to retry")
        }
        return letter.consumer == WorkerKind.decider.consumerName ? try await retryCommand(letter) : try retryEvent(letter)
    }

    /// Marks a letter skipped, with the operator's reason, which is kept.
    public func skip(_ letter: DeadLetterStore.Letter, reason: String) throws {
        try DeadLetterStore(connection: connection).resolve([letter.id], status: "skipped", resolution: "skipped: \(reason)")
    }

    private func retryCommand(_ letter: DeadLetterStore.Letter) async throws -> Result {
        let store = DeadLetterStore(connection: connection)
        switch CommandDecoder.decode(value: letter.value, headers: letter.headers) {
        case .failure(let failure):
            try store.failedAttempt([letter.id], error: failure.description)
            return Result(ids: [letter.id], succeeded: false, message: "still invalid: \(failure.description)")
        case .success(let command):
            let producer = try KafkaProducer(configuration: configuration.kafka(clientID: "suivi-dlq"), logger: logger)
            defer { producer.close() }
            // The headers go back with the value: in binary content mode they are the command's attributes.
            let report = try await producer.send(OutgoingMessage(
                topic: configuration.topics.commands, key: Array(command.envelope.kafkaKey.utf8), value: letter.value,
                headers: letter.headers.map { KafkaHeader(name: $0.name, value: $0.value ?? []) }))
            try store.resolve([letter.id], status: "retried",
                resolution: "republished to \(report.topic) partition \(report.partition) offset \(report.offset)")
            return Result(ids: [letter.id], succeeded: true,
                message: "valid now; republished to \(report.topic) partition \(report.partition) offset \(report.offset)")
        }
    }

    private func retryEvent(_ letter: DeadLetterStore.Letter) throws -> Result {
        let store = DeadLetterStore(connection: connection)
        var ids = [letter.id]
        do {
            let applied = try connection.transaction { _ -> Int in
                try ShadowSchema(connection: connection).lockLiveProjector()
                let letters: [DeadLetterStore.Letter]
                if let stream = letter.streamID {
                    letters = try store.parked(consumer: letter.consumer, streams: [stream], lock: true)
                } else {
                    letters = [letter]
                }
                ids = letters.map(\.id)
                var events: [RecordedEvent] = []
                for parked in letters {
                    switch EventEnvelope.decode(parked.value) {
                    case .success(let event): events.append(event)
                    case .failure(let failure): throw OperationFailure(.invalidInput, "dead letter \(parked.id) still cannot be read: \(failure.description)")
                    }
                }
                let result = try ReadModelStore(connection: connection).apply(events)
                try store.resolve(ids, status: "retried", resolution: "applied by suivi dlq retry")
                return result.applied
            }
            return Result(ids: ids, succeeded: true, message: "applied \(applied) event\(applied == 1 ? "" : "s") of \(letter.streamID ?? "the message")")
        } catch {
            let message = String(describing: error)
            try store.failedAttempt(ids, error: message)
            return Result(ids: ids, succeeded: false, message: "failed again: \(message)")
        }
    }
}
