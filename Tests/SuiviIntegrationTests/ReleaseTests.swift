import Foundation
import SuiviKafka
import SuiviPostgres
import Testing

/// What a release says about itself: `--version` on the three executables (the committed VERSION and
/// the git commit of the build), and `/metrics` with `suivi_build_info` and the gauges the alert rules
/// read (`ops/monitoring/suivi.rules.yml`).
@Suite("Releases and alert metrics", .serialized)
struct ReleaseTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func everyExecutablePrintsItsVersionAndCommit() throws {
        let version = try String(contentsOf: Self.root.appendingPathComponent("VERSION"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let head = try LoginStack.script("/usr/bin/git", ["-C", Self.root.path, "rev-parse", "--short=12", "HEAD"], environment: [:])
        #expect(head.status == 0)
        let commit = head.output.trimmingCharacters(in: .whitespacesAndNewlines)
        for executable in ["suivi", "suivi-decider", "suivi-projector"] {
            let result = try WorkerProcess.run(executable, ["--version"], environment: [:], timeout: 120)
            #expect(result.status == 0, "\(executable): \(result.stderr)")
            // The binary may be built from an older commit than HEAD only when the build is stale.
            #expect(result.stdout.hasPrefix("\(version) (commit \(commit)"), "\(executable) --version: \(result.stdout)")
            #expect(result.stdout.split(separator: "\n").count == 1)
        }
    }

    @Test func metricsServeBuildInfoHeartbeatAgeParkedLettersAndRebuildRunning() async throws {
        try await TestStack.withScope(partitions: 1) { scope in
            let port = try MetricsScrape.freePort()
            let decider = try WorkerProcess("suivi-decider", environment: scope.environment.merging(["SUIVI_METRICS_PORT": "\(port)"]) { $1 })
            defer { decider.stop() }
            let version = try WorkerProcess.run("suivi-decider", ["--version"], environment: [:]).stdout
            let commit = String(version.split(separator: " ").last?.dropLast(2) ?? "")  // "(commit abc)\n" -> "abc"
            try await TestStack.eventually("the first samples", timeout: .seconds(120)) {
                MetricsScrape.samples(port: port)["suivi_dead_letters_parked{worker=\"decider\"}"] != nil
            }
            let samples = MetricsScrape.samples(port: port)
            let info = samples.filter { $0.key.hasPrefix("suivi_build_info{") }
            #expect(info.count == 1, "\(info)")
            if let (key, value) = info.first {
                #expect(value == 1)
                #expect(key.contains("version=\"\(version.split(separator: " ")[0])\""), "\(key)")
                #expect(key.contains("commit=\"\(commit)\""), "\(key) vs \(commit)")
                #expect(key.contains("worker=\"decider\""))
            }
            let age = try #require(samples["suivi_heartbeat_age_seconds{worker=\"decider\"}"])
            #expect(age >= 0 && age < 30)
            #expect(samples["suivi_dead_letters_parked{worker=\"decider\"}"] == 0)
            #expect(samples["suivi_rebuild_running{worker=\"decider\"}"] == 0)

            // A poison message parks a dead letter; a shadow schema says a rebuild is under way.
            let configuration = try scope.configuration
            let producer = try KafkaProducer(configuration: configuration.kafka(clientID: "suivi-tests"), logger: TestStack.logger)
            _ = try await producer.send([OutgoingMessage(topic: scope.topics.commands, key: Array("k".utf8), value: Array("not json".utf8))])
            producer.close()
            let connection = try scope.connect()
            defer { connection.close() }
            try connection.execute("CREATE SCHEMA suivi_read_shadow")
            try await TestStack.eventually("the gauges follow the store", timeout: .seconds(120)) {
                let now = MetricsScrape.samples(port: port)
                return now["suivi_dead_letters_parked{worker=\"decider\"}"] == 1 && now["suivi_rebuild_running{worker=\"decider\"}"] == 1
            }
        }
    }
}
