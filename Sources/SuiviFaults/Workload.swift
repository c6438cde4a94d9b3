import Foundation
import SuiviDomain
import SuiviStore

/// A stream of realistic commands: copies of the demo scenario (three States' cases with consent,
/// decisions, activities and a withdrawal, the five regional consultations, the report; duplicates and
/// rule violations included), each copy with its own subjects and ids, interleaved copy by copy; and
/// reports drawing on five consultations published just before them (``CrossStreamScenario``), one in
/// five with a consultation never held, whose outcomes depend on causal order across partitions.
struct Workload {
    struct Message {
        let key: String
        let value: [UInt8]
    }

    /// What an independent, in-memory decision of the whole stream in publish order expects.
    struct Expected {
        var outcomes: [String: CommandOutcome] = [:]
        /// The submissions of the cross-stream scenarios, which read streams of other partitions.
        var crossStream: Set<String> = []
        var events: [String: [RecordedEvent]] = [:]
        var eventCount = 0
        var streamLengths: [String: Int] = [:]
    }

    let messages: [Message]
    let uniqueIDs: Int

    init(scenario: URL, atLeast count: Int, interleave: Int = 16) throws {
        let lines = try String(contentsOf: scenario, encoding: .utf8).split(separator: "\n").map(String.init)
        let templates = try lines.map { try JSONParser.parse($0) }
        let subjects = Set(templates.compactMap { $0["subject"]?.stringValue }).sorted { $0.count > $1.count }
        let copies = (count + templates.count - 1) / templates.count
        func copy(_ n: Int) -> [Message] {
            lines.enumerated().map { index, line in
                var text = line
                for subject in subjects {
                    text = text.replacingOccurrences(of: "\"\(subject)\"", with: "\"\(subject)-f\(n)\"")
                }
                let id = templates[index]["id"]?.stringValue ?? ""
                text = text.replacingOccurrences(of: "\"id\":\"\(id)\"", with: "\"id\":\"\(id)-f\(n)\"")
                let subject = (templates[index]["subject"]?.stringValue ?? "") + "-f\(n)"
                return Message(key: subject, value: Array(text.utf8))
            }
        }
        var messages: [Message] = []
        messages.reserveCapacity(copies * templates.count)
        var start = 0
        while start < copies {
            let group = (start..<min(copies, start + interleave)).map(copy)
            for index in 0..<templates.count { for copy in group { messages.append(copy[index]) } }
            start += interleave
        }
        // Cross-stream reports: about one per 250 commands, at least 4.
        let reports = max(4, count / 250)
        var crossStream: Set<String> = []
        var crossIDs = 0
        for n in 0..<reports {
            let scenario = CrossStreamScenario(prefix: "fx\(n)", neverHeld: n % 5 == 4 ? 2 : nil)
            let scenarioMessages = scenario.messages(withFollower: true)
            // Spread through the stream, each scenario's commands together in publish order.
            let at = messages.count * (n + 1) / (reports + 1)
            messages.insert(contentsOf: scenarioMessages.map { Message(key: $0.key, value: $0.value) }, at: at)
            crossStream.insert(scenario.submissionID)
            crossIDs += scenarioMessages.count
        }
        self.messages = messages
        self.crossStream = crossStream
        uniqueIDs = Set(templates.compactMap { $0["id"]?.stringValue }).count * copies + crossIDs
    }

    /// The submissions of the cross-stream reports.
    let crossStream: Set<String>

    /// Decides every message in publish order, in memory, with the domain and no infrastructure.
    func expected() throws -> Expected {
        // Publish order, with nothing held: what causal order across partitions must reproduce.
        var processor = CommandProcessor(heads: [:], outcomes: [:], now: Timestamp(rfc3339: "2026-06-01T00:00:00Z")!)
        for (offset, message) in messages.enumerated() {
            let command = try CommandDecoder.decode(message.value).get()
            processor.process(CommandProcessor.Incoming(command: command, partition: 0, offset: Int64(offset)))
        }
        var expected = Expected(crossStream: crossStream)
        for answer in processor.answers where answer.isNew {
            expected.outcomes[answer.outcome.commandID] = answer.outcome
        }
        for event in processor.events {
            expected.events[event.recorded.metadata.commandID, default: []].append(event.recorded)
            expected.streamLengths[event.recorded.streamID] = event.recorded.version
        }
        expected.eventCount = processor.events.count
        return expected
    }
}
