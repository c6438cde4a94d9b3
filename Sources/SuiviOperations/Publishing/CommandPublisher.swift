public import SuiviApp
public import Logging
public import SuiviDomain
internal import SuiviKafka

/// Validates messages locally and publishes the valid ones to the commands topic, keyed by subject.
public final class CommandPublisher: Sendable {
    /// The verdict on one input message.
    public struct Verdict: Sendable {
        public var line: Int
        public var commandID: String?
        public var subject: String?
        public var type: String?
        public var failure: DecodingFailure?
        public var partition: Int32?
        public var offset: Int64?

        public var isValid: Bool { failure == nil }
    }

    private let producer: KafkaProducer
    private let topic: String

    public init(configuration: SuiviConfiguration, logger: Logger) throws {
        let admin = try KafkaAdmin(configuration: configuration.kafka(clientID: "suivi-cli"), logger: logger)
        try admin.checkConnection(timeout: .seconds(5))
        producer = try KafkaProducer(configuration: configuration.kafka(clientID: "suivi-cli"), logger: logger)
        topic = configuration.topics.commands
    }

    /// Splits input into messages: one JSON document, or NDJSON (one per non-empty line).
    public static func split(_ bytes: [UInt8]) -> [(line: Int, bytes: [UInt8])] {
        if case .success = Result(catching: { try JSONParser.parse(bytes) }), !bytes.isEmpty {
            let trimmed = bytes.drop(while: { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 })
            if trimmed.first == UInt8(ascii: "{") { return [(1, bytes)] }
        }
        var messages: [(Int, [UInt8])] = []
        for (index, line) in bytes.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            let content = Array(line.filter { $0 != 0x0D })
            if content.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            messages.append((index + 1, content))
        }
        return messages
    }

    /// Validates every message, then publishes the valid ones and waits for the broker's acknowledgement.
    public static func validate(_ messages: [(line: Int, bytes: [UInt8])]) -> [(Verdict, Command?)] {
        messages.map { message in
            switch CommandDecoder.decode(message.bytes) {
            case .success(let command):
                return (Verdict(line: message.line, commandID: command.id, subject: command.streamID,
                    type: command.envelope.type.rawValue, failure: nil), command)
            case .failure(let failure):
                return (Verdict(line: message.line, failure: failure), nil)
            }
        }
    }

    /// Publishes valid commands (re-encoded canonically as sent: the type name, trace context and partition
    /// key kept), keyed by their partition key or subject.
    public func publish(_ verdicts: [(Verdict, Command?)]) async throws -> [Verdict] {
        let valid = verdicts.compactMap { verdict, command in command.map { (verdict, $0) } }
        let reports = try await producer.send(valid.map { _, command in
            OutgoingMessage(topic: topic, key: Array(command.envelope.kafkaKey.utf8), value: command.envelope.sentJSON.canonicalBytes)
        })
        var result: [Verdict] = []
        var index = 0
        for (verdict, command) in verdicts {
            var verdict = verdict
            if command != nil {
                verdict.partition = reports[index].partition
                verdict.offset = reports[index].offset
                index += 1
            }
            result.append(verdict)
        }
        return result
    }

    public func close() { producer.close() }
}
