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

    /// The sample environment with the given lines replaced (`NAME=value`), written to a temporary file.
    static func environmentFile(_ replacements: [String: String]) throws -> String {
        let path = NSTemporaryDirectory() + "suivi-compose-\(UInt32.random(in: 0...UInt32.max)).env"
        var lines = try Self.text(".env.example").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for (name, value) in replacements {
            lines.removeAll { $0.hasPrefix("\(name)=") }
            lines.append("\(name)=\(value)")
        }
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static let workers = ["suivi-decider", "suivi-projector"]
    /// Each job and the login it connects with.
    static let logins = [
        "migrate": "suivi_owner", "suivi-decider": "suivi_decider_login", "suivi-projector": "suivi_projector_login",
        "cli": "suivi_auditor_login", "operator": "suivi_operator_login",
    ]

    @Test func composeFileResolvesWithTheLocalProfile() throws {
        let quiet = try Self.compose(["--profile", "local", "config", "-q"])
        #expect(quiet.status == 0, "docker-compose config -q: \(quiet.stderr)")

        let resolved = try Self.compose(["--profile", "local", "config"])
        #expect(resolved.status == 0)
        let config = resolved.stdout
        let services = try Self.compose(["config", "--services"]).stdout.split(separator: "\n").map(String.init)
        for name in ["kafka", "topics", "postgres", "migrate", "suivi-decider", "suivi-projector", "cli", "operator"] {
            #expect(services.contains(name), "service \(name) missing from docker-compose.yml")
        }

        // Apache Kafka in KRaft mode and PostgreSQL 16, in the local profile, with named volumes.
        let kafka = Self.service("kafka", in: config).joined(separator: "\n")
        #expect(kafka.contains("image: apache/kafka:3.9") || kafka.contains("image: apache/kafka:4."))
        #expect(kafka.contains("KAFKA_PROCESS_ROLES: broker,controller"))
        #expect(kafka.contains("kafka-data:/var/lib/kafka/data"))
        let postgres = Self.service("postgres", in: config).joined(separator: "\n")
        #expect(postgres.contains("image: postgres:16"))
        #expect(postgres.contains("create-logins.sh:/docker-entrypoint-initdb.d/"))
        #expect(postgres.contains("POSTGRES_PASSWORD_FILE: /run/secrets/postgres_password"))
        for local in ["kafka", "postgres"] {
            #expect(Self.service(local, in: config).contains { $0.contains("- local") }, "\(local) is not in the local profile")
        }
        #expect(config.contains("\nvolumes:\n  kafka-data: {}\n  postgres-data: {}"))

        // Scalable workers: no fixed name, no host port; they wait for the migration and the topics.
        for worker in Self.workers {
            let lines = Self.service(worker, in: config)
            #expect(!lines.isEmpty)
            #expect(
                !lines.contains { $0.contains("container_name") || $0.hasPrefix("    ports:") },
                "\(worker) cannot be scaled")
            let text = lines.joined(separator: "\n")
            #expect(text.contains("condition: service_completed_successfully"))
            #expect(text.contains("healthcheck:"))
            #expect(text.contains("SUIVI_PARTITIONS: '12'"))
            #expect(text.contains("SUIVI_REPLICATION_FACTOR: '1'"))
        }
        // One login per job, its password from its own secret, none in a URL or in the environment.
        for (service, login) in Self.logins {
            let text = Self.service(service, in: config).joined(separator: "\n")
            #expect(text.contains("SUIVI_DATABASE_URL: postgresql://\(login)@postgres:5432/suivi"), "\(service)")
            let secret = login.replacingOccurrences(of: "_login", with: "") + "_password"
            #expect(text.contains("SUIVI_DATABASE_PASSWORD_FILE: /run/secrets/\(secret)"), "\(service)")
            #expect(text.contains("source: \(secret)") || text.contains("- \(secret)"), "\(service) lacks its secret")
            #expect(!text.contains("PGPASSWORD") && !text.contains("change-me"), "\(service)")
            #expect(text.contains("SUIVI_KAFKA_PROPERTIES_FILE: /run/secrets/kafka_properties"), "\(service)")
        }
        // The topics service is `suivi topics` with the workers' own settings: nothing hard-coded.
        let topics = Self.service("topics", in: config).joined(separator: "\n")
        #expect(topics.contains("- topics"))
        #expect(topics.contains("SUIVI_KAFKA_BROKERS: kafka:9092"))
        #expect(!topics.contains("PLAINTEXT") && !topics.contains("--bootstrap-server") && !topics.contains("replication-factor"))
        #expect(Self.service("migrate", in: config).contains { $0.contains("- migrate") })
    }

    /// The same file against a managed Kafka and PostgreSQL: nothing reaches for the local services, and
    /// every job takes the external addresses from the environment file.
    @Test func composeFileResolvesWithExternalServices() throws {
        let env = try Self.environmentFile([
            "COMPOSE_PROFILES": "", "SUIVI_KAFKA_BROKERS": "kafka-1.example.org:9093,kafka-2.example.org:9093",
            "PG_HOST": "db.example.org", "PG_OPTIONS": "?sslmode=verify-full&sslrootcert=/run/suivi/pg-ca.pem",
            "SUIVI_REPLICATION_FACTOR": "3", "SUIVI_MIN_INSYNC_REPLICAS": "2",
        ])
        defer { try? FileManager.default.removeItem(atPath: env) }
        let quiet = try Self.compose(["config", "-q"], envFile: env)
        #expect(quiet.status == 0, "docker-compose config -q: \(quiet.stderr)")
        let config = try Self.compose(["config"], envFile: env).stdout
        for service in ["migrate", "topics", "suivi-decider", "suivi-projector", "cli", "operator"] {
            let text = Self.service(service, in: config).joined(separator: "\n")
            #expect(!text.isEmpty)
            #expect(text.contains("SUIVI_KAFKA_BROKERS: kafka-1.example.org:9093,kafka-2.example.org:9093"), "\(service)")
            #expect(text.contains("SUIVI_REPLICATION_FACTOR: '3'") && text.contains("SUIVI_MIN_INSYNC_REPLICAS: '2'"), "\(service)")
            #expect(!text.contains("kafka:9092") && !text.contains("@postgres:"), "\(service) reaches for a local service")
            #expect(!text.contains("      kafka:") && !text.contains("      postgres:"), "\(service) depends on a local service")
            if let login = Self.logins[service] {
                #expect(
                    text.contains("SUIVI_DATABASE_URL: postgresql://\(login)@db.example.org:5432/suivi?sslmode=verify-full"),
                    "\(service)")
            }
        }
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
        #expect(sample.contains("\nSUIVI_SECRETS_DIR="))
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
        let result = try WorkerProcess.run("suivi", ["status"], environment: ["SUIVI_DATABASE_URL": url], timeout: 120)
        #expect(result.status == 5)
        #expect(result.stderr.contains("SSL"))
        #expect(!result.stderr.contains(url) && !result.stderr.contains("suivi-ca.pem"))
        #expect(result.stderr.contains("SUIVI_DATABASE_URL"))
    }
}
