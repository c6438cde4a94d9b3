import Foundation
import SuiviDomain
import SuiviStore

/// A stream of realistic commands: copies of the demo scenario (three States' cases with consent,
/// decisions, activities and a withdrawal, the five regional consultations, the report; duplicates and
/// rule violations included), each copy with its own subjects and ids, interleaved copy by copy.
struct Workload {
    struct Message {
        let key: String
        let value: [UInt8]
    }

    /// What an independent, in-memory decision of the whole stream in publish order expects.
    struct Expected {
        var outcomes: [String: CommandOutcome] = [:]
        /// Command ids whose outcome depends on other streams (a report and its consultations), and so on
        /// the order in which partitions are consumed: only their existence and their events are checked.
        var orderDependent: Set<String> = []
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
        self.messages = messages
        uniqueIDs = Set(templates.compactMap { $0["id"]?.stringValue }).count * copies
    }

    /// Decides every message in publish order, in memory, with the domain and no infrastructure.
    func expected() throws -> Expected {
        var processor = CommandProcessor(heads: [:], outcomes: [:], now: Timestamp(rfc3339: "2026-06-01T00:00:00Z")!)
        // A command that reads other streams depends on the order in which partitions are consumed, and
        // so does every later command of its own stream.
        var dependentStreams: Set<String> = []
        var subjects: [String: String] = [:]
        for (offset, message) in messages.enumerated() {
            let command = try CommandDecoder.decode(message.value).get()
            if !command.referencedStreams.isEmpty { dependentStreams.insert(command.streamID) }
            subjects[command.id] = command.streamID
            processor.process(CommandProcessor.Incoming(command: command, partition: 0, offset: Int64(offset)))
        }
        let orderDependent = Set(subjects.filter { dependentStreams.contains($0.value) }.keys)
        var expected = Expected(orderDependent: orderDependent)
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
