import Foundation
import SuiviDomain
import SuiviKafka
import Testing

/// Secrets come from the environment and never come back out: not in any log line a worker writes (at
/// trace level, through a normal run, a dead letter, a refused configuration and an unreachable
/// database), not in `--help`, not in the CLI's errors.
@Suite("Secrets stay secret", .serialized)
struct SecretsTests {
    static let password = "Pa55-w0rd-\(UInt32.random(in: 100_000...999_999))"

    /// The URL with a password added for the user (`postgresql://user:PASSWORD@host...`).
    static func withPassword(_ url: String) -> String {
        guard let scheme = url.range(of: "://"), let at = url.range(of: "@") else {
            return url + " password=\(password)"
        }
        let user = url[scheme.upperBound..<at.lowerBound]
        return String(url[..<scheme.upperBound]) + user + ":" + password + String(url[at.lowerBound...])
    }

    @Test func noPasswordInAnyLogOrHelp() async throws {
        try await TestStack.withScope(partitions: 1) { scope in
            var environment = scope.environment
            // The local stack trusts loopback, so the password is carried but not needed.
            environment["SUIVI_DATABASE_URL"] = Self.withPassword(scope.databaseURL)
            environment["SUIVI_KAFKA_PROPERTIES"] = "sasl.username=suivi,sasl.password=\(Self.password)"
            environment["SUIVI_LOG_LEVEL"] = "trace"
            var outputs: [String] = []

            let decider = try WorkerProcess("suivi-decider", environment: environment)
            let projector = try WorkerProcess("suivi-projector", environment: environment)
            let configuration = try scope.configuration
            let producer = try KafkaProducer(
                configuration: configuration.kafka(clientID: "suivi-tests"), logger: TestStack.logger)
            let good = SampleCommands.requestAssistance(case: "case-secret-1", id: "cmd-secret-1")
            _ = try await producer.send([
                OutgoingMessage(
                    topic: configuration.topics.commands, key: Array(good.subject.utf8),
                    value: SampleCommands.bytes(good)),
                OutgoingMessage(
                    topic: configuration.topics.commands, key: Array("case-x".utf8), value: Array("not json".utf8)),
            ])
            producer.close()
            let connection = try scope.connect()
            try await TestStack.eventually("the command projected") {
                try connection.query("SELECT count(*) AS n FROM suivi_read.cases")[0].int("n") == 1
            }
            #expect(decider.stop() == 0)
            #expect(projector.stop() == 0)
            outputs += [decider.log, projector.log]
            #expect(decider.log.contains("dead-lettered"), "the run went through the dead-letter path")

            // Refused configuration, unreachable database, unreachable broker, and every --help.
            var broken = environment
            broken["SUIVI_KAFKA_PROPERTIES"] = "sasl.password=\(Self.password),no.such.property=\(Self.password)"
            for name in ["suivi-decider", "suivi-projector"] {
                let run = try WorkerProcess.run(name, [], environment: broken, timeout: 120)
                #expect(run.status != 0, "\(name) refuses an unknown librdkafka property")
                outputs += [run.stdout, run.stderr]
            }
            var unreachable = environment
            unreachable["SUIVI_DATABASE_URL"] =
                "postgresql://suivi:\(Self.password)@127.0.0.1:1/suivi?connect_timeout=2"
            for arguments in [["status"], ["cases", "list"]] {
                let run = try WorkerProcess.run("suivi", arguments, environment: unreachable, timeout: 120)
                #expect(run.status == 5, "unreachable database: exit 5")
                outputs += [run.stdout, run.stderr]
            }
            let decide = try WorkerProcess.run("suivi-decider", [], environment: unreachable, timeout: 120)
            outputs += [decide.stdout, decide.stderr]
            for name in ["suivi", "suivi-decider", "suivi-projector"] {
                let help = try WorkerProcess.run(name, ["--help"], environment: environment, timeout: 120)
                #expect(help.status == 0)
                outputs += [help.stdout, help.stderr]
            }
            let status = try WorkerProcess.run("suivi", ["status", "--json"], environment: environment, timeout: 120)
            outputs += [status.stdout, status.stderr]

            #expect(outputs.joined().count > 1_000, "the suites produced logs to search")
            for (index, output) in outputs.enumerated() {
                #expect(!output.contains(Self.password), "output \(index) shows the password: \(output.prefix(300))")
            }
        }
    }
}
