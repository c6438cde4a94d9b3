import SuiviDomain
import SuiviStore

/// Commands of a ``CrossStreamScenario`` as a decider reads them: decoded, with the partition a key
/// hashes to (any stable spread will do here) and the offset and timestamp of publish order.
enum ProcessorSupport {
    static func incoming(_ scenario: CrossStreamScenario, withFollower: Bool = false, partitions: Int32 = 6)
        -> [CommandProcessor.Incoming]
    {
        var offsets: [Int32: Int64] = [:]
        return scenario.messages(withFollower: withFollower).enumerated().map { index, message in
            let partition = Int32(abs(message.key.hashValue) % Int(partitions))
            let offset = offsets[partition, default: 0]
            offsets[partition] = offset + 1
            let command = try! CommandDecoder.decode(message.value).get()
            return CommandProcessor.Incoming(command: command, partition: partition, offset: offset, timestamp: Int64(1_000 + index))
        }
    }

    static let start = Timestamp(microseconds: 1_800_000_000_000_000)

    static func seconds(_ value: Double) -> Timestamp { start.adding(microseconds: Int64(value * 1e6)) }

    /// Runs one batch: its commands, then the held ones again; returns the processor (answers, events, holds).
    static func batch(
        _ items: [CommandProcessor.Incoming], heads: inout [String: StreamHead], holds: HeldCommands, at now: Timestamp,
        known: [String: StoredOutcome] = [:]
    ) -> CommandProcessor {
        var processor = CommandProcessor(heads: heads, outcomes: known, now: now, holds: holds)
        for item in items { processor.process(item) }
        processor.decideHeld()
        heads = processor.heads
        return processor
    }

    static func status(_ processor: CommandProcessor, _ id: String) -> (CommandOutcome.Status, [String])? {
        processor.answers.first { $0.outcome.commandID == id }.map { ($0.outcome.status, $0.outcome.reasons.map(\.code.rawValue)) }
    }
}
