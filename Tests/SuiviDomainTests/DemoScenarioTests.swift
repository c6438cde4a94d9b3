import Foundation
import SuiviDomain
import Testing

/// The demo scenario (`Schemas/examples/demo-scenario.ndjson`) decided in memory: each message gets the
/// outcome its line in `demo-scenario.expect.ndjson` promises. Repeated ids are answered as the command
/// processor answers them: same message, original outcome; different message, `command.id-conflict`.
@Suite struct DemoScenarioTests {
    @Test func everyMessageGetsTheExpectedOutcome() throws {
        let folder = SchemaConformanceTests.examples
        let messages = try String(contentsOf: folder.appendingPathComponent("demo-scenario.ndjson"), encoding: .utf8)
            .split(separator: "\n").filter { !$0.isEmpty }
        let expectations = try String(
            contentsOf: folder.appendingPathComponent("demo-scenario.expect.ndjson"), encoding: .utf8
        )
        .split(separator: "\n").filter { !$0.isEmpty }.map { try JSONParser.parse(String($0)) }
        try #require(messages.count == expectations.count)

        var world = Fixtures.World()
        var seen: [String: (bytes: [UInt8], decision: Decision)] = [:]
        var states: Set<String> = []
        for (line, expect) in zip(messages, expectations) {
            let command = try CommandDecoder.decode(Array(line.utf8)).get()
            let decision: Decision
            var duplicate = false
            if let earlier = seen[command.id] {
                duplicate = true
                decision =
                    earlier.bytes == command.canonicalBytes
                    ? earlier.decision : .rejected([Rejection(.duplicateConflict, "id reused")])
            } else {
                decision = world.run(command)
                seen[command.id] = (command.canonicalBytes, decision)
            }
            let status = decision.isAccepted ? "accepted" : "rejected"
            let label = "line \(expect["line"]?.canonicalText ?? "?") \(command.id)"
            #expect(status == expect["status"]?.stringValue, "\(label): \(decision)")
            #expect(decision.codes == (expect["reasons"]?.arrayValue ?? []).compactMap(\.stringValue), "\(label)")
            #expect(duplicate == expect["duplicate"]?.boolValue, "\(label)")
            if case .requestAssistance(let request) = command.payload, decision.isAccepted {
                states.insert(request.state)
            }
        }
        #expect(states.count >= 3)
        #expect(world.state("report-hrc47-nmirf").mandatedReport.status == .presented)
        #expect(world.state("report-hrc47-nmirf").mandatedReport.sessionHistory == [47, 48])
        let regions = Set(
            world.streams.values.filter { $0.regionalConsultation.wasHeld }.map(\.regionalConsultation.region))
        #expect(regions.count == 5, "the five regional consultations were held")
    }

    @Test func everyEventOfTheScenarioReadsBackFromItsJSON() throws {
        let text = try String(
            contentsOf: SchemaConformanceTests.examples.appendingPathComponent("demo-scenario.ndjson"), encoding: .utf8)
        var world = Fixtures.World()
        for line in text.split(separator: "\n") where !line.isEmpty {
            world.run(try CommandDecoder.decode(Array(line.utf8)).get())
        }
        let events = world.log.flatMap { $0.1.events }
        #expect(Set(events.map(\.typeName)).count >= 18)
        for event in events {
            let again = try DomainEvent.decode(
                typeName: event.typeName, data: try JSONParser.parse(event.data.canonicalBytes)
            ).get()
            #expect(again == event, "\(event.typeName)")
        }
    }
}
