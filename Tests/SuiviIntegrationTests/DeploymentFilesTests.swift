import Foundation
import Logging
import SuiviApp
import SuiviKafka
import Testing

/// The deployment files, checked without a Docker engine: `docker-compose config` (Debian's
/// docker-compose, installed by ops/test) resolves docker-compose.yml with .env.example, and the
/// production settings that .env.example shows are accepted by the configuration and by librdkafka.
@Suite("Deployment files")
struct DeploymentFilesTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func text(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    /// Runs docker-compose in the repository root with the given .env file.
    static func compose(
        _ arguments: [String], envFile: String = ".env.example"
    ) throws -> (status: Int32, stdout: String, stderr: String) {
        guard
            let executable = ["/usr/bin/docker-compose", "/usr/local/bin/docker-compose"].first(where: {
                FileManager.default.isExecutableFile(atPath: $0)
            })
        else {
            Issue.record("docker-compose is not installed; run ops/test, which installs Debian's docker-compose")
            return (-1, "", "")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-f", "docker-compose.yml", "--env-file", envFile] + arguments
        process.currentDirectoryURL = root
        // The project's own settings only: nothing from the calling shell's SUIVI_* or POSTGRES_*.
        process.environment = ProcessInfo.processInfo.environment.filter {
            !$0.key.hasPrefix("SUIVI_") && !$0.key.hasPrefix("POSTGRES_") && !$0.key.hasPrefix("KAFKA_")
        }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, stdout, stderr)
    }

    /// The lines of one service in `docker-compose config` output (two-space indented YAML).
    static func service(_ name: String, in config: String) -> [Substring] {
        let lines = config.split(separator: "\n", omittingEmptySubsequences: false)
        guard let start = lines.firstIndex(of: Substring("  \(name):")) else { return [] }
        let rest = lines[(start + 1)...]
        let end = rest.firstIndex { !$0.hasPrefix("   ") } ?? lines.endIndex
        return Array(lines[start..<end])
    }

    @Test func composeFileResolvesWithTheSampleEnvironment() throws {
        let quiet = try Self.compose(["config", "-q"])
        #expect(quiet.status == 0, "docker-compose config -q: \(quiet.stderr)")

        let resolved = try Self.compose(["config"])
        #expect(resolved.status == 0)
        let config = resolved.stdout
        let services = try Self.compose(["config", "--services"]).stdout.split(separator: "\n").map(String.init)
        for name in ["kafka", "topics", "postgres", "migrate", "suivi-decider", "suivi-projector"] {
            #expect(services.contains(name), "service \(name) missing from docker-compose.yml")
        }

        // Apache Kafka in KRaft mode, PostgreSQL 16, named volumes.
        let kafka = Self.service("kafka", in: config).joined(separator: "\n")
        #expect(kafka.contains("image: apache/kafka:3.9") || kafka.contains("image: apache/kafka:4."))
        #expect(kafka.contains("KAFKA_PROCESS_ROLES: broker,controller"))
        #expect(kafka.contains("kafka-data:/var/lib/kafka/data"))
        #expect(Self.service("postgres", in: config).contains { $0.contains("image: postgres:16") })
        #expect(config.contains("\nvolumes:\n  kafka-data: {}\n  postgres-data: {}"))

        // Scalable workers: no fixed name, no host port; they wait for the migration and the topics.
        for worker in ["suivi-decider", "suivi-projector"] {
            let lines = Self.service(worker, in: config)
            #expect(!lines.isEmpty)
            #expect(
                !lines.contains { $0.contains("container_name") || $0.hasPrefix("    ports:") },
                "\(worker) cannot be scaled")
            let text = lines.joined(separator: "\n")
            #expect(text.contains("condition: service_completed_successfully"))
            #expect(text.contains("healthcheck:"))
            #expect(text.contains("SUIVI_PARTITIONS: '12'"))
            #expect(text.contains("PGPASSWORD: change-me"))
            #expect(!text.contains("change-me@"), "the password must not be in SUIVI_DATABASE_URL")
        }
        #expect(Self.service("migrate", in: config).contains { $0.contains("- migrate") })

        // 12 partitions and an events topic that is never deleted by retention.
        let topics = Self.service("topics", in: config).joined(separator: "\n")
        #expect(topics.contains("PARTITIONS: '12'"))
        #expect(topics.contains("retention.ms=-1,retention.bytes=-1"))
    }

    @Test func composeRefusesToStartWithoutAPassword() throws {
        let env = NSTemporaryDirectory() + "suivi-compose-\(UInt32.random(in: 0...UInt32.max)).env"
        let sample = try Self.text(".env.example")
        let withoutPassword = sample.split(separator: "\n").filter { !$0.hasPrefix("POSTGRES_PASSWORD=") }.joined(
            separator: "\n")
        try withoutPassword.write(toFile: env, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: env) }
        let result = try Self.compose(["config", "-q"], envFile: env)
        #expect(result.status != 0)
        #expect(result.stderr.contains("set POSTGRES_PASSWORD in .env"))
    }

    /// Every SUIVI_* variable of README's configuration table has a documented line in .env.example.
    @Test func sampleEnvironmentListsEveryDocumentedSetting() throws {
        let readme = try Self.text("README.md")
        let sample = try Self.text(".env.example")
        let documented = Set(
            readme.split(separator: "\n").filter { $0.hasPrefix("| `SUIVI_") }.compactMap { line in
                line.dropFirst(3).split(separator: "`").first.map(String.init)
            })
        #expect(documented.count >= 13)
        let local = ["SUIVI_STACK_DIR", "SUIVI_PG_PORT", "SUIVI_KAFKA_PORT"]  // the local stack's, not compose's
        for name in documented.subtracting(local) {
            #expect(sample.contains("\n\(name)=") || sample.contains("\n# \(name)="), "\(name) is not in .env.example")
        }
        #expect(sample.contains("\nPOSTGRES_PASSWORD="))
    }

    /// The TLS and SASL/SCRAM example of .env.example passes through the configuration to librdkafka,
    /// which accepts it (built with SSL and SASL); a misspelt property is refused at start-up.
    @Test func kafkaSecurityExampleIsAcceptedByLibrdkafka() throws {
        let sample = try Self.text(".env.example")
        let line = try #require(
            sample.split(separator: "\n").first {
                $0.hasPrefix("# SUIVI_KAFKA_PROPERTIES=security.protocol=SASL_SSL")
            })
        let value = String(line.dropFirst("# SUIVI_KAFKA_PROPERTIES=".count))
        let configuration = try SuiviConfiguration.load(
            from: Environment(overrides: [
                "SUIVI_KAFKA_PROPERTIES": value.replacingOccurrences(
                    of: "/run/suivi/kafka-ca.pem", with: "/etc/ssl/certs/ca-certificates.crt"),
                "SUIVI_KAFKA_BROKERS": "127.0.0.1:1",
            ]))
        #expect(configuration.kafkaProperties["security.protocol"] == "SASL_SSL")
        #expect(configuration.kafkaProperties["sasl.mechanism"] == "SCRAM-SHA-512")
        var logger = Logger(label: "suivi-tests")
        logger.logLevel = .critical
        let producer = try KafkaProducer(
            configuration: configuration.kafka(clientID: "deployment-test"), closeTimeout: .milliseconds(100),
            logger: logger)
        producer.close()

        var misspelt = configuration
        misspelt.kafkaProperties["sasl.mechanismz"] = "SCRAM-SHA-512"
        #expect(throws: KafkaError.self) {
            _ = try KafkaProducer(configuration: misspelt.kafka(clientID: "deployment-test"), logger: logger)
        }
    }

    /// `sslmode=verify-full` in SUIVI_DATABASE_URL reaches libpq: the local server has no TLS, so the
    /// connection is refused (never silently made in clear), and the error does not print the URL.
    @Test func postgresTLSSettingsPassThroughToLibpq() throws {
        let url =
            TestStack.baseURL + (TestStack.baseURL.contains("?") ? "&" : "?")
            + "sslmode=verify-full&sslrootcert=/nonexistent/suivi-ca.pem"
        let result = try WorkerProcess.run("suivi", ["status"], environment: ["SUIVI_DATABASE_URL": url], timeout: 30)
        #expect(result.status == 5)
        #expect(result.stderr.contains("SSL"))
        #expect(!result.stderr.contains(url) && !result.stderr.contains("suivi-ca.pem"))
        #expect(result.stderr.contains("SUIVI_DATABASE_URL"))
    }
}
