import Foundation
import SuiviDomain
import SuiviKafka
import SuiviStore
import Testing

/// Every example of `Schemas/examples/` published through the real broker by two producers that are not
/// Suivi's (the CloudEvents Python SDK with confluent-kafka, and kcat) in both content modes of the
/// CloudEvents Kafka binding, decided by the real decider. A valid example gets the same answer in all
/// four runs; an invalid one is `invalid` with the violations `Schemas/tools/validate.py` finds.
///
/// Needs SUIVI_PYTHON (the stack's venv, with `cloudevents` and `confluent-kafka`) and kcat
/// (`install_conformance_clients` in ops/lib/install.sh; `ops/test` runs it). SUIVI_KCAT names another kcat.
@Suite("CloudEvents conformance through the broker", .serialized)
struct CloudEventsConformanceTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized
    static let publisher = root.appendingPathComponent("Tests/Conformance/publish_examples.py").path
    static let validator = root.appendingPathComponent("Schemas/tools/validate.py").path

    /// The four runs: each publishes every example with its own prefix on ids and subjects.
    static let runs: [(producer: String, mode: String, prefix: String)] = [
        ("sdk", "structured", "sdkS"), ("sdk", "binary", "sdkB"), ("kcat", "structured", "kcatS"), ("kcat", "binary", "kcatB"),
    ]

    /// What a producer cannot send as the example is, found by the script (it checks every message it builds).
    static let knownSkips: [String: Set<String>] = [
        // The SDK's JSON format writes the data of a text/plain event as a string.
        "sdkS": ["Schemas/examples/PublishConsultationSummary/invalid-3.json"],
        // A numeric partitionkey: a header is always a string.
        "sdkB": ["Schemas/examples/RequestAssistance/invalid-4.json"],
        "kcatB": ["Schemas/examples/RequestAssistance/invalid-4.json"],
    ]

    static var python: String { ProcessInfo.processInfo.environment["SUIVI_PYTHON"] ?? "python3" }
    static var kcat: String {
        if let kcat = ProcessInfo.processInfo.environment["SUIVI_KCAT"] { return kcat }
        return ["/usr/bin/kcat", "/usr/bin/kafkacat"].first { FileManager.default.isExecutableFile(atPath: $0) } ?? "kcat"
    }

    struct Published {
        let file: String
        let id: String
        let key: String
        let expectValid: Bool
        let readableID: Bool
    }

    struct Violations: Equatable, CustomStringConvertible {
        var codes: [String]
        var located: [String]
        var description: String { located.joined(separator: ", ") }
    }

    /// Runs an executable (not one of Suivi's) to completion.
    static func run(_ executable: String, _ arguments: [String], timeout: TimeInterval = 300) throws -> (status: Int32, stdout: String, stderr: String) {
        try WorkerProcess.run(path: executable, arguments, environment: ["PYTHONDONTWRITEBYTECODE": "1"], timeout: timeout)
    }

    /// Publishes with the script and returns what it published and what it skipped.
    static func publish(_ scope: TestStack.Scope, producer: String, mode: String, prefix: String, files: [String] = [])
        async throws -> (published: [Published], skipped: [String: String])
    {
        let arguments = [publisher, "--brokers", scope.brokers, "--topic", scope.topics.commands, "--producer", producer,
                         "--mode", mode, "--prefix", prefix, "--kcat", kcat] + files
        let result = try await Task { try run(python, arguments) }.value
        #expect(result.status == 0, "\(producer) \(mode): \(result.stderr)")
        let summary = try JSONParser.parse(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        let published = (summary["published"]?.arrayValue ?? []).map { item in
            Published(file: item["file"]?.stringValue ?? "", id: item["id"]?.stringValue ?? "", key: item["key"]?.stringValue ?? "",
                      expectValid: item["expectValid"]?.boolValue ?? false, readableID: item["readableId"]?.boolValue ?? false)
        }
        var skipped: [String: String] = [:]
        for item in summary["skipped"]?.arrayValue ?? [] { skipped[item["file"]?.stringValue ?? ""] = item["reason"]?.stringValue ?? "" }
        return (published, skipped)
    }

    /// validate.py's verdict on every example: file -> violations (empty when valid), in Suivi's naming.
    static func validatorVerdicts() throws -> [String: Violations] {
        let result = try run(python, [validator])
        #expect(result.status == 0, "validate.py agrees with every example: \(result.stderr)")
        var verdicts: [String: Violations] = [:]
        for line in result.stdout.split(separator: "\n") {
            let verdict = try JSONParser.parse(String(line))
            guard verdict["line"] == nil, let file = verdict["file"]?.stringValue else { continue }
            let relative = file.hasPrefix(root.path + "/") ? String(file.dropFirst(root.path.count + 1)) : file
            let errors = verdict["errors"]?.arrayValue ?? []
            // The one naming difference: an unknown `type` is the schema's `enum` and Suivi's `unknownType`.
            let codes = errors.map { error -> String in
                let keyword = error["keyword"]?.stringValue ?? ""
                return keyword == "enum" && error["path"]?.stringValue == "$.type" ? "unknownType" : keyword
            }
            let paths = errors.map { $0["path"]?.stringValue ?? "" }
            verdicts[relative] = Violations(codes: codes.sorted(), located: zip(paths, codes).map { "\($0) \($1)" }.sorted())
        }
        return verdicts
    }

    /// Suivi's violations with binary-mode locations moved to the envelope path that carries them.
    static func suiviViolations(_ outcome: JSON) -> Violations {
        let violations = outcome["violations"]?.arrayValue ?? []
        let codes = violations.map { $0["code"]?.stringValue ?? "" }
        let paths = violations.map { violation -> String in
            let path = violation["path"]?.stringValue ?? ""
            if path == "header content-type" { return "$.datacontenttype" }
            if path.hasPrefix("header ce_") { return "$." + path.dropFirst("header ce_".count) }
            if path == "value" { return "$.data" }
            return path
        }
        return Violations(codes: codes.sorted(), located: zip(paths, codes).map { "\($0) \($1)" }.sorted())
    }

    static func answer(_ outcome: JSON) -> String {
        let status = outcome["status"]?.stringValue ?? "?"
        let reasons = (outcome["reasons"]?.arrayValue ?? []).compactMap { $0["code"]?.stringValue }.sorted()
        return reasons.isEmpty ? status : "\(status) \(reasons.joined(separator: ","))"
    }

    @Test func everyExampleGetsTheSameAnswerFromBothProducersInBothModes() async throws {
        // One partition: within a run the examples share subjects (a case, a report), and the answer of
        // each then follows the publish order, the same in every run.
        try await TestStack.withScope(partitions: 1) { scope in
            let configuration = try scope.configuration
            let verdicts = try Self.validatorVerdicts()
            let decider = try WorkerProcess("suivi-decider", environment: scope.environment)
            defer { decider.stop() }

            var published: [String: [Published]] = [:]  // prefix -> messages
            for run in Self.runs {
                let (messages, skipped) = try await Self.publish(scope, producer: run.producer, mode: run.mode, prefix: run.prefix)
                #expect(Set(skipped.keys) == Self.knownSkips[run.prefix, default: []], "\(run.prefix) skipped \(skipped)")
                #expect(messages.count + skipped.count == verdicts.keys.filter { $0.contains("/valid-") || $0.contains("/invalid-") }.count)
                published[run.prefix] = messages
            }
            // The same command, structured (SDK) then binary (kcat), with the same id: a duplicate.
            let duplicated = "Schemas/examples/RequestAssistance/valid-1.json"
            let first = try await Self.publish(scope, producer: "sdk", mode: "structured", prefix: "dup", files: [duplicated]).published
            let again = try await Self.publish(scope, producer: "kcat", mode: "binary", prefix: "dup", files: [duplicated]).published
            let duplicateID = try #require(first.first?.id)
            #expect(again.first?.id == duplicateID)

            // Every readable id is answered on the outcomes topic.
            let readable = published.values.flatMap { $0 }.filter(\.readableID)
            let expected = readable.count + 2
            let consumer = try KafkaConsumer(configuration: configuration.kafka(clientID: "suivi-tests"), groupID: "\(scope.name)-reader", logger: TestStack.logger)
            defer { consumer.close() }
            try consumer.assign([TopicPartitionOffset(topic: configuration.topics.outcomes, partition: 0, offset: TopicPartitionOffset.beginning)])
            var answers: [String: [JSON]] = [:]
            var received = 0
            let deadline = ContinuousClock.now + .seconds(180)
            while received < expected && ContinuousClock.now < deadline {
                let messages = try await Task { try consumer.poll(maxMessages: 1000, timeout: .milliseconds(500)) }.value
                for message in messages {
                    let outcome = try JSONParser.parse(message.value)
                    answers[outcome["commandId"]?.stringValue ?? "", default: []].append(outcome)
                    received += 1
                }
            }
            #expect(received == expected, "one outcome per message with a readable id (decider log: \(decider.log.suffix(2000)))")

            // Valid examples: the same answer in every run, and never `invalid`.
            var tally: [String: [String: Int]] = [:]  // prefix -> answer -> count
            var byFile: [String: [String: String]] = [:]  // file -> prefix -> answer
            for (prefix, messages) in published {
                for message in messages where message.readableID {
                    guard let outcome = answers[message.id]?.first else {
                        Issue.record("\(prefix): no outcome for \(message.file) (\(message.id))")
                        continue
                    }
                    #expect(answers[message.id]?.count == 1, "\(prefix) \(message.file): one outcome")
                    #expect(outcome["duplicate"]?.boolValue == false, "\(prefix) \(message.file)")
                    let status = outcome["status"]?.stringValue ?? "?"
                    tally[prefix, default: [:]][status, default: 0] += 1
                    let want = verdicts[message.file]
                    if message.expectValid {
                        #expect(want?.codes == [], "validate.py finds \(message.file) valid")
                        #expect(status != "invalid", "\(prefix) \(message.file): Suivi says \(Self.suiviViolations(outcome))")
                        byFile[message.file, default: [:]][prefix] = Self.answer(outcome)
                    } else {
                        let got = Self.suiviViolations(outcome)
                        #expect(status == "invalid", "\(prefix) \(message.file): \(Self.answer(outcome))")
                        #expect(got.codes == want?.codes, "\(prefix) \(message.file): Suivi's codes \(got.codes), validate.py's \(want?.codes ?? [])")
                        #expect(got.located == want?.located, "\(prefix) \(message.file): Suivi \(got), validate.py \(want.map(\.description) ?? "-")")
                    }
                }
            }
            for (file, answersByRun) in byFile.sorted(by: { $0.key < $1.key }) {
                #expect(answersByRun.count == Self.runs.count, "\(file) answered in every run: \(answersByRun)")
                #expect(Set(answersByRun.values).count == 1, "\(file): \(answersByRun.sorted { $0.key < $1.key })")
            }

            // Without a readable id there is no outcome: the message is a dead letter, with the keyword.
            let connection = try scope.connect()
            let unreadable = published.values.flatMap { $0 }.filter { !$0.readableID }
            if !unreadable.isEmpty {
                try await TestStack.eventually("the dead letters of messages without a readable id") {
                    try connection.query("SELECT count(*) AS n FROM suivi.dead_letters")[0].int("n") >= Int64(unreadable.count)
                }
            }
            let letters = try connection.query("SELECT message_key, reason_code, reason FROM suivi.dead_letters")
            let parked = (0..<letters.count).map { index in
                (key: String(decoding: (try? letters[index].bytes("message_key")) ?? [], as: UTF8.self),
                 code: letters[index]["reason_code"] ?? "", reason: letters[index]["reason"] ?? "")
            }
            for message in unreadable {
                let want = verdicts[message.file]?.codes.first ?? "?"
                #expect(parked.contains { $0.key == message.key && $0.code == want && ($0.reason.contains("$.id") || $0.reason.contains("ce_id")) },
                        "\(message.file) (\(message.key)) dead-lettered with \(want)")
            }

            // Structured then binary, same id: the second answer repeats the first, marked duplicate.
            let twice = answers[duplicateID] ?? []
            #expect(twice.count == 2, "two answers for \(duplicateID)")
            if twice.count == 2 {
                #expect(twice[0]["duplicate"]?.boolValue == false)
                #expect(twice[1]["duplicate"]?.boolValue == true, "the binary copy is a duplicate: \(Self.answer(twice[1]))")
                #expect(Self.answer(twice[1]) == Self.answer(twice[0]), "not command.id-conflict")
                #expect(twice[1]["eventIds"] == twice[0]["eventIds"])
            }

            let counts = Self.runs.map { run in
                "\(run.prefix): \(published[run.prefix]?.count ?? 0) sent, "
                    + (tally[run.prefix] ?? [:]).sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
            }
            print("CloudEvents conformance: " + counts.joined(separator: "; ")
                + "; without readable id (dead letters only): \(unreadable.count)")
        }
    }
}
