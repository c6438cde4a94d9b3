import Foundation
import SuiviWorkers
import SuiviDomain
import SuiviKafka
import SuiviPostgres
import SuiviStore
import Testing

/// The bad-input corpus, published raw through the real broker to the real decider and projector:
/// every valid message gets an outcome, every bad one a rejection or a dead letter with its reason,
/// no worker crashes, and memory stays flat over a second pass.
@Suite("Bad input through the real workers", .serialized)
struct BadInputTests {
    static func residentKilobytes(_ process: Process) -> Int {
        let status = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }

    @Test func everyMessageIsAnsweredAndNoWorkerCrashes() async throws {
        var entries = try BadInputCorpus.load()
        entries += BadInputCorpus.oversized(after: entries.count)
        #expect(entries.count >= 1_000)

        try await TestStack.withScope(partitions: 3) { scope in
            let configuration = try scope.configuration
            var kafka = configuration.kafka(clientID: "suivi-tests")
            // The test's producer may send what an integrator's might; the decider must bound it.
            kafka.properties["message.max.bytes"] = "16000000"
            let producer = try KafkaProducer(configuration: kafka, logger: TestStack.logger)
            defer { producer.close() }
            let decider = try WorkerProcess("suivi-decider", environment: scope.environment)
            let projector = try WorkerProcess("suivi-projector", environment: scope.environment)
            defer { decider.stop(); projector.stop() }
            let connection = try scope.connect()
            let store = EventStore(connection: connection)

            func publish() async throws -> [DeliveryReport] {
                try await producer.send(
                    entries.map { entry in
                        OutgoingMessage(
                            topic: configuration.topics.commands, key: entry.key, value: entry.value,
                            headers: entry.headers.map { KafkaHeader(name: $0.0, value: $0.1) })
                    })
            }
            func consumed() throws -> Int64 {
                try store.offsets(group: configuration.deciderGroup, topic: configuration.topics.commands).values
                    .reduce(0, +)
            }
            func count(_ sql: PostgresQuery) throws -> Int64 { try connection.query(sql)[0].int("n") }
            func settled() async throws {
                // A command that reads a stream that never comes (a waiver of an unknown consultation) is
                // held for SUIVI_DEPENDENCY_WAIT before its outcome.
                try await TestStack.eventually("no command held", timeout: .seconds(60)) {
                    try count("SELECT count(*) AS n FROM suivi.held_commands") == 0
                }
                try await TestStack.eventually("every event projected", timeout: .seconds(120)) {
                    try count("SELECT count(*) AS n FROM suivi.events")
                        == Int64(
                            try ReadModelStore(connection: connection).stats(group: configuration.projectorGroup)
                                .applied)
                }
            }

            // Pass 1.
            let reports = try await publish()
            #expect(reports.count == entries.count)
            do {
                try await TestStack.eventually("every message consumed", timeout: .seconds(180)) {
                    try consumed() == Int64(entries.count)
                }
            } catch {
                Issue.record(
                    "consumed \(try consumed()) of \(entries.count); decider log:\n\(decider.log.suffix(4000))")
                throw error
            }
            try await settled()

            // Each message's answer, found by where it was stored.
            var letters: [String: (code: String, reason: String, size: Int)] = [:]
            for row in try connection.query(
                "SELECT partition, \"offset\", reason_code, reason, length(message_value) AS size FROM suivi.dead_letters"
            ).rows {
                letters["\(try row.int("partition"))/\(try row.int("offset"))"] = (
                    row["reason_code"] ?? "", row["reason"] ?? "", Int(try row.int("size"))
                )
            }
            var outcomes: [String: (status: String, reasons: String)] = [:]
            for row in try connection.query("SELECT command_id, status, reasons::text AS reasons FROM suivi.outcomes")
                .rows
            {
                outcomes[row["command_id"] ?? ""] = (row["status"] ?? "", row["reasons"] ?? "")
            }
            var tally: [String: Int] = [:]
            for (entry, report) in zip(entries, reports) {
                let at = "\(report.partition)/\(report.offset)"
                let label = "#\(entry.n) \(entry.kind)"
                switch BadInputCorpus.verdict(entry) {
                case .deadLetter(let code):
                    #expect(
                        entry.expect == "dead" || entry.expect == "decoder",
                        "\(label) is labelled \(entry.expect) but the decoder refuses it (\(code))")
                    let letter = try #require(letters[at], "\(label): no dead letter")
                    #expect(letter.code == code, "\(label)")
                    #expect(!letter.reason.isEmpty, "\(label): a dead letter says why")
                    #expect(letter.size == entry.value.count, "\(label): kept whole")
                    tally["dead-lettered", default: 0] += 1
                case .outcome(let id):
                    #expect(entry.expect != "dead", "\(label) is labelled dead but the decoder accepts it")
                    #expect(letters[at] == nil, "\(label): dead-lettered")
                    let outcome = try #require(outcomes[id], "\(label): no outcome for \(id)")
                    if entry.expect == "processed" {
                        #expect(!outcome.reasons.contains("command.id-conflict"), "\(label)")
                    }
                    tally[entry.expect == "conflict" ? "id-conflict" : outcome.status, default: 0] += 1
                }
            }
            #expect(letters.count == tally["dead-lettered"] ?? 0, "no other message dead-lettered")
            #expect((tally["accepted"] ?? 0) > 100, "the valid messages are mostly accepted: \(tally)")

            // Free text holding SQL or shell metacharacters is stored verbatim and harms nothing.
            for entry in entries where entry.kind == "metachar/free-text" {
                guard case .outcome(let id) = BadInputCorpus.verdict(entry), outcomes[id]?.status == "accepted",
                    case .success(let command) = CommandDecoder.decode(entry.value)
                else { continue }
                let actors = try connection.query("SELECT DISTINCT actor FROM suivi.events WHERE command_id = \(id)")
                #expect(actors.count == 1 && actors[0]["actor"] == command.envelope.actor, "#\(entry.n)")
            }

            // Passes 2 to 4: the same messages again (replays, conflicts, dead letters). Passes 2 and 3 let
            // the caches and the allocator reach their working size; from pass 3 to pass 4 memory must stay
            // flat. The 10 MB bodies are mapped and unmapped on their own (`MemoryPolicy`); before that,
            // glibc kept some of their copies in its heap and the size moved by 40 MB between passes.
            let eventsBefore = try count("SELECT count(*) AS n FROM suivi.events")
            var resident: [(decider: Int, projector: Int)] = [
                (Self.residentKilobytes(decider.process), Self.residentKilobytes(projector.process))
            ]
            for pass in 2...4 {
                _ = try await publish()
                try await TestStack.eventually("pass \(pass) consumed", timeout: .seconds(180)) {
                    try consumed() == Int64(pass * entries.count)
                }
                try await settled()
                resident.append((Self.residentKilobytes(decider.process), Self.residentKilobytes(projector.process)))
            }
            #expect(try count("SELECT count(*) AS n FROM suivi.events") == eventsBefore, "a replay appends nothing")
            #expect(try count("SELECT count(*) AS n FROM suivi.dead_letters") == Int64(4 * letters.count))
            let rss = resident.map { "\($0.decider / 1024)/\($0.projector / 1024)" }.joined(separator: " -> ")
            // A leak of a few hundred bytes per message, or of one large body per pass, would show.
            #expect(
                resident[3].decider - resident[2].decider < 16 * 1024,
                "decider/projector RSS MiB after passes 1-4: \(rss)")
            #expect(
                resident[3].projector - resident[2].projector < 16 * 1024,
                "decider/projector RSS MiB after passes 1-4: \(rss)")
            print(
                "bad-input corpus: \(entries.count) messages per pass, \(tally); decider/projector RSS MiB after passes 1-4: \(rss)"
            )

            #expect(decider.process.isRunning && projector.process.isRunning, "no worker crashed")
            #expect(decider.stop() == 0, "the decider stops cleanly: \(decider.log.suffix(2000))")
            #expect(projector.stop() == 0, "the projector stops cleanly: \(projector.log.suffix(2000))")
            #expect(!decider.log.contains("Fatal error") && !projector.log.contains("Fatal error"))
        }
    }
}
