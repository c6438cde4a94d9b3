import Foundation
import SuiviDomain
import SuiviKafka
import SuiviStore
import Testing

/// Logs an operator ships to a log store: with SUIVI_LOG_FORMAT=json every line is a JSON object, and a
/// password given in SUIVI_DATABASE_URL appears nowhere, not in the logs, not in `--help`, not in errors.
@Suite("Structured logs keep secrets out", .serialized)
struct MetricsLogSecrecyTests {
    static let password = "s3cr3t"

    /// `url` with `password` added for its user (the local stack trusts any password).
    static func withPassword(_ url: String) -> String {
        if let scheme = url.range(of: "://"), let at = url[scheme.upperBound...].firstIndex(of: "@") {
            let user = url[scheme.upperBound..<at]
            if !user.contains(":") { return String(url[..<at]) + ":\(password)" + String(url[at...]) }
        }
        return url + " password=\(password)"
    }

    @Test func aWorkerLogsOnlyJSONLinesAndNeverThePassword() async throws {
        try await TestStack.withScope(partitions: 1) { scope in
            let configuration = try scope.configuration
            var environment = scope.environment
            environment["SUIVI_DATABASE_URL"] = Self.withPassword(scope.databaseURL)
            #expect(environment["SUIVI_DATABASE_URL"]?.contains(Self.password) == true)
            // A librdkafka secret too (ignored without SASL, but present in the configuration the worker holds).
            environment["SUIVI_KAFKA_PROPERTIES"] = "sasl.password=k4fk4-\(Self.password)"
            environment["SUIVI_LOG_FORMAT"] = "json"
            environment["SUIVI_LOG_LEVEL"] = "debug"
            environment["SUIVI_METRICS_PORT"] = "\(try MetricsScrape.freePort())"
            let decider = try WorkerProcess("suivi-decider", arguments: ["--migrate"], environment: environment)

            // Some work that logs: a command decided, a poison message dead-lettered.
            let producer = try KafkaProducer(configuration: configuration.kafka(clientID: "suivi-tests"), logger: TestStack.logger)
            let request = SampleCommands.requestAssistance(case: "case-logs-1", id: "cmd-logs-1")
            _ = try await producer.send([
                OutgoingMessage(topic: configuration.topics.commands, key: Array(request.subject.utf8), value: SampleCommands.bytes(request)),
                OutgoingMessage(topic: configuration.topics.commands, key: Array("case-logs-2".utf8), value: Array("{ not json".utf8)),
            ])
            producer.close()
            let connection = try scope.connect()
            defer { connection.close() }
            try await TestStack.eventually("the command decided and the poison kept") {
                try EventStore(connection: connection).outcome(of: "cmd-logs-1") != nil
                    && (try connection.query("SELECT count(*) AS n FROM suivi.dead_letters")[0].int("n")) == 1
            }
            #expect(decider.stop() == 0)

            let lines = decider.log.split(separator: "\n", omittingEmptySubsequences: true)
            #expect(lines.count >= 4, "started, assigned, dead-lettered, stopped at least")
            for line in lines {
                let object = try? JSONParser.parse(Array(line.utf8))
                #expect(object?["level"] != nil && object?["message"] != nil, "not a JSON log line: \(line.prefix(200))")
            }
            #expect(lines.contains { $0.contains("messages dead-lettered") })
            #expect(!decider.log.contains(Self.password))
        }
    }

    @Test func helpAndConnectionErrorsNeverShowThePassword() throws {
        let environment = [
            "SUIVI_DATABASE_URL": "postgresql://suivi:\(Self.password)@127.0.0.1:1/suivi",
            "SUIVI_LOG_FORMAT": "json",
            "SUIVI_METRICS_PORT": "0",
        ]
        for executable in ["suivi-decider", "suivi-projector"] {
            let help = try WorkerProcess.run(executable, ["--help"], environment: environment)
            #expect(help.status == 0)
            #expect(help.stdout.contains("SUIVI_METRICS_PORT") && help.stdout.contains("SUIVI_METRICS_ADDRESS"))
            #expect(!(help.stdout + help.stderr).contains(Self.password))

            // Nothing listens on port 1: the worker gives up with "unavailable" and names no secret.
            let failed = try WorkerProcess.run(executable, [], environment: environment, timeout: 60)
            #expect(failed.status == 5)
            #expect(!(failed.stdout + failed.stderr).contains(Self.password))
            #expect(failed.stderr.contains("127.0.0.1"))
            for line in failed.stderr.split(separator: "\n") {
                #expect((try? JSONParser.parse(String(line)))?["level"] != nil, "not a JSON log line: \(line.prefix(200))")
            }
        }
    }
}
