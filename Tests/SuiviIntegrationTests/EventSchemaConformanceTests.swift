import Foundation
import SuiviDomain
import SuiviStore
import Testing

@testable import SuiviBench

/// Every event Suivi publishes matches its schema, `Schemas/events/<Type>.schema.json`. The demo scenario
/// and the benchmark's workload are decided in memory by the decider's own ``CommandProcessor``; each
/// event is written as the relay publishes it (the canonical bytes of `EventEnvelope.json(_:hash:)`), and
/// the independent validator (`Schemas/tools/validate.py`, Python's jsonschema through `SUIVI_PYTHON`)
/// must find every one valid against its type's schema. No service is needed.
@Suite struct EventSchemaConformanceTests {
    static let schemas = AuditScenarioTests.examples.deletingLastPathComponent()

    @Test func everyEventTypeHasItsSchema() throws {
        let envelope = try JSONParser.parse(
            Array(try Data(contentsOf: Self.schemas.appendingPathComponent("events/event-envelope.schema.json"))))
        let listed = (envelope["properties"]?["type"]?["enum"]?.arrayValue ?? []).compactMap(\.stringValue)
        #expect(listed == DomainEvent.typeNames.map { DomainEvent.prefix + $0 })
        for name in DomainEvent.typeNames {
            let file = Self.schemas.appendingPathComponent("events/\(name).schema.json")
            guard let data = try? Data(contentsOf: file) else {
                Issue.record("missing Schemas/events/\(name).schema.json")
                continue
            }
            let schema = try JSONParser.parse(Array(data))
            #expect(schema["$id"]?.stringValue == "https://suivi.invalid/schemas/events/\(name).schema.json")
            #expect(schema["properties"]?["type"]?["const"]?.stringValue == DomainEvent.prefix + name)
        }
    }

    @Test func theDemoScenariosEventsMatchTheirSchemas() throws {
        let commands = try AuditScenarioTests.scenario().map(\.bytes)
        let events = try Self.publishedEvents(of: commands)
        let types = try Self.validate(events, name: "demo-scenario-events")
        #expect(events.count > 40)
        #expect(Set(types) == Set(DomainEvent.typeNames), "the scenario produces every event type: \(types.sorted())")
    }

    /// The workload of `suivi-bench --quick` (5,000 commands over 50 cases, as CI runs it); the full run's
    /// cases have the same steps (about 100 commands each), under other ids. Plus latency-run requests.
    @Test func theBenchmarksEventsMatchTheirSchemas() throws {
        let tag = "a1b2c3d4"
        let messages =
            Workload.commands(total: 5_000, cases: 50, tag: tag)
            + (0..<20).map { Workload.latencyCommand($0, tag: tag) }
        let events = try Self.publishedEvents(of: messages.map(\.value))
        #expect(events.count > 4_000, "most of the workload's commands are accepted")
        let types = try Self.validate(events, name: "bench-events")
        #expect(
            Set(types)
                == [
                    "AssistanceRequested", "ConsentGiven", "AssistanceApproved", "ActivityRecorded",
                    "NationalConsultationHeld", "ConsultationScheduled", "ConsultationHeld",
                ],
            "the workload's event types: \(types.sorted())")
    }

    /// The schemas are strict: one event of each type, with a member its data never has, is invalid with
    /// exactly that violation.
    @Test func anUnknownDataMemberIsAViolationInEveryEventType() throws {
        let events = try Self.publishedEvents(of: try AuditScenarioTests.scenario().map(\.bytes))
        var firstOfType: [String: [UInt8]] = [:]
        for event in events {
            guard case .object(var members) = try JSONParser.parse(event), case .object(var data)? = members["data"],
                let type = members["type"]?.stringValue, firstOfType[type] == nil
            else { continue }
            data["unexpectedMember"] = .string("x")
            members["data"] = .object(data)
            firstOfType[type] = JSON.object(members).canonicalBytes
        }
        let altered = firstOfType.keys.sorted().map { firstOfType[$0]! }
        #expect(altered.count == DomainEvent.typeNames.count)
        guard let verdicts = try Self.verdicts(altered, name: "altered-events") else { return }
        for (event, verdict) in zip(altered, verdicts) {
            let type = try JSONParser.parse(event)["type"]?.stringValue ?? "?"
            let found = (verdict["errors"]?.arrayValue ?? []).map {
                "\($0["path"]?.stringValue ?? "?") \($0["keyword"]?.stringValue ?? "?")"
            }
            #expect(found == ["$.data.unexpectedMember additionalProperties"], "\(type): \(found)")
        }
    }

    /// The bytes the relay publishes for every event that `commands` produce, decided in order by one
    /// command processor, as one partition of the decider decides them.
    static func publishedEvents(of commands: [[UInt8]]) throws -> [[UInt8]] {
        var processor = CommandProcessor(heads: [:], outcomes: [:], now: SystemClock.now())
        for (offset, bytes) in commands.enumerated() {
            let command = try CommandDecoder.decode(bytes).get()
            processor.process(.init(command: command, partition: 0, offset: Int64(offset)))
        }
        return processor.events.enumerated().map { index, new in
            var recorded = new.recorded
            // The store gives each event its position when it appends it (an identity column, from 1).
            recorded.position = Int64(index + 1)
            return EventEnvelope.json(recorded, hash: new.hash).canonicalBytes
        }
    }

    /// Runs validate.py over `events` (one ndjson file) and records an issue for each event it does not find
    /// valid against `events/<Type>.schema.json`.
    ///
    /// - Returns: the event types seen, in order of first appearance.
    static func validate(_ events: [[UInt8]], name: String) throws -> [String] {
        guard let verdicts = try verdicts(events, name: name) else { return [] }
        var types: [String] = []
        var failures = 0
        for (event, verdict) in zip(events, verdicts) {
            let message = try JSONParser.parse(event)
            let type = String((message["type"]?.stringValue ?? "?").dropFirst(DomainEvent.prefix.count))
            if !types.contains(type) { types.append(type) }
            let schema = verdict["schema"]?.stringValue
            let valid = verdict["valid"]?.boolValue == true && schema == "events/\(type).schema.json"
            if !valid {
                failures += 1
                // The first twenty are enough to act on; the count below says how many in all.
                if failures <= 20 {
                    let found = (verdict["errors"]?.arrayValue ?? []).map {
                        "\($0["path"]?.stringValue ?? "?") \($0["keyword"]?.stringValue ?? "?"): \($0["message"]?.stringValue ?? "")"
                    }
                    Issue.record(
                        "\(name) line \(verdict["line"]?.canonicalText ?? "?") (\(type), \(message["subject"]?.stringValue ?? "?")) is not valid against \(schema ?? "no schema"): \(found)"
                    )
                }
            }
        }
        #expect(failures == 0, "\(failures) of \(events.count) events are not valid against their schemas")
        return types
    }

    /// validate.py's verdict on each of `messages`, run over one ndjson file; nil (and an issue) when
    /// `SUIVI_PYTHON` is not set.
    static func verdicts(_ messages: [[UInt8]], name: String) throws -> [JSON]? {
        guard let python = ProcessInfo.processInfo.environment["SUIVI_PYTHON"], !python.isEmpty else {
            Issue.record(
                """
                SUIVI_PYTHON is not set, so the events were not validated against their schemas. Run the tests \
                through ops/test (it sets SUIVI_PYTHON to the stack's venv, which has jsonschema), or set \
                SUIVI_PYTHON to a Python with jsonschema and referencing.
                """)
            return nil
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("suivi-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("\(name).ndjson")
        try Data(messages.map { $0 + [UInt8(ascii: "\n")] }.joined()).write(to: file)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [schemas.appendingPathComponent("tools/validate.py").path, file.path]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()

        let verdicts = try String(decoding: stdout, as: UTF8.self).split(separator: "\n").map {
            try JSONParser.parse(String($0))
        }
        try #require(
            verdicts.count == messages.count,
            "validate.py gave \(verdicts.count) verdicts for \(messages.count) messages (exit \(process.terminationStatus)): \(String(decoding: stderr, as: UTF8.self).suffix(2000))"
        )
        return verdicts
    }
}
