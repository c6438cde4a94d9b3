import Foundation
import SuiviApp
import SuiviKafka
import Testing

/// Topics that Suivi creates carry the configured replication and retention (Tansu, the local broker,
/// describes topic configurations, so this runs against it, not librdkafka's mock cluster, which
/// answers neither CreateTopics nor DescribeConfigs), and a worker refuses an events topic that deletes
/// old events.
@Suite("Topic settings", .serialized)
struct TopicSettingsTests {
    /// Four fresh topic names and the environment that names them; the topics are deleted afterwards.
    static func withTopics(_ body: (Topics, [String: String], KafkaAdmin) throws -> Void) throws {
        let name = "ts_\(UInt32.random(in: 0...UInt32.max))"
        let topics = Topics(
            commands: "\(name).commands", events: "\(name).events", outcomes: "\(name).outcomes", deadLetters: "\(name).deadletters",
            checkpoints: "\(name).checkpoints")
        let admin = try KafkaAdmin(
            configuration: KafkaConfiguration(brokers: TestStack.brokers, clientID: "suivi-tests"), logger: TestStack.logger)
        defer { try? admin.deleteTopics(topics.all) }
        let environment = [
            "SUIVI_TOPIC_COMMANDS": topics.commands, "SUIVI_TOPIC_EVENTS": topics.events,
            "SUIVI_TOPIC_OUTCOMES": topics.outcomes, "SUIVI_TOPIC_DEADLETTERS": topics.deadLetters,
            "SUIVI_TOPIC_CHECKPOINTS": topics.checkpoints,
            "SUIVI_PARTITIONS": "2", "SUIVI_DECIDER_GROUP": "\(name)-decider", "SUIVI_PROJECTOR_GROUP": "\(name)-projector",
            "SUIVI_METRICS_PORT": "0",
        ]
        try body(topics, environment, admin)
    }

    @Test func suiviTopicsCreatesThemWithTheConfiguredSettingsAndCheckFollowsTheConfiguration() throws {
        try Self.withTopics { topics, base, admin in
            var environment = base
            environment["SUIVI_COMMANDS_RETENTION_MS"] = "3600000"
            environment["SUIVI_OUTCOMES_RETENTION_MS"] = "7200000"
            environment["SUIVI_DEADLETTERS_RETENTION_MS"] = "-1"
            environment["SUIVI_MIN_INSYNC_REPLICAS"] = "1"
            let created = try WorkerProcess.run("suivi", ["topics"], environment: environment, timeout: 60)
            #expect(created.status == 0, "suivi topics: \(created.stderr)")

            let described = Dictionary(uniqueKeysWithValues: try admin.describeTopics(topics.all).map { ($0.name, $0) })
            #expect(described.count == 5)
            #expect(described[topics.checkpoints]?.configs["retention.ms"] == "-1", "checkpoints are kept forever")
            #expect(described[topics.checkpoints]?.partitions == 1, "one partition keeps the checkpoints in order")
            #expect(described[topics.commands]?.configs["retention.ms"] == "3600000")
            #expect(described[topics.outcomes]?.configs["retention.ms"] == "7200000")
            #expect(described[topics.deadLetters]?.configs["retention.ms"] == "-1")
            #expect(described[topics.events]?.configs["retention.ms"] == "-1")
            #expect(described[topics.events]?.configs["retention.bytes"] == "-1")
            for topic in described.values {
                #expect(topic.partitions == (topic.name == topics.checkpoints ? 1 : 2), "\(topic.name)")
                #expect(topic.replicationFactor == 1)
                #expect(topic.configs["min.insync.replicas"] == "1", "\(topic.name)")
            }

            let matching = try WorkerProcess.run("suivi", ["topics", "--check", "--json"], environment: environment, timeout: 60)
            #expect(matching.status == 0, "\(matching.stderr)")
            #expect(matching.stdout.contains("\"ok\": true"))

            // Another configuration than the one the topics were made with: exit 4, each difference named.
            environment["SUIVI_COMMANDS_RETENTION_MS"] = "86400000"
            environment["SUIVI_REPLICATION_FACTOR"] = "3"
            let differing = try WorkerProcess.run("suivi", ["topics", "--check", "--json"], environment: environment, timeout: 60)
            #expect(differing.status == 4)
            #expect(differing.stdout.contains("\"ok\": false"))
            #expect(differing.stderr.contains("\(topics.commands): retention.ms is 3600000, the configuration asks for 86400000"))
            #expect(differing.stderr.contains("\(topics.events): replication.factor is 1, the configuration asks for 3"))
            let text = try WorkerProcess.run("suivi", ["topics", "--check"], environment: environment, timeout: 60)
            #expect(text.status == 4)
            #expect(text.stdout.contains("MISMATCH"))
        }
    }

    @Test func topicsCreatedByTheWorkersCarryTheConfiguredSettings() async throws {
        try await TestStack.withScope { scope in
            let name = "tw_\(UInt32.random(in: 0...UInt32.max))"
            let topics = Topics(
                commands: "\(name).commands", events: "\(name).events", outcomes: "\(name).outcomes", deadLetters: "\(name).deadletters",
            checkpoints: "\(name).checkpoints")
            let admin = try KafkaAdmin(
                configuration: KafkaConfiguration(brokers: TestStack.brokers, clientID: "suivi-tests"), logger: TestStack.logger)
            defer { try? admin.deleteTopics(topics.all) }
            var environment = scope.environment
            environment["SUIVI_TOPIC_COMMANDS"] = topics.commands
            environment["SUIVI_TOPIC_EVENTS"] = topics.events
            environment["SUIVI_TOPIC_OUTCOMES"] = topics.outcomes
            environment["SUIVI_TOPIC_DEADLETTERS"] = topics.deadLetters
            environment["SUIVI_TOPIC_CHECKPOINTS"] = topics.checkpoints
            environment["SUIVI_COMMANDS_RETENTION_MS"] = "1800000"
            environment["SUIVI_DEADLETTERS_RETENTION_MS"] = "900000"
            environment["SUIVI_METRICS_PORT"] = "0"
            for executable in ["suivi-decider", "suivi-projector"] {
                try? admin.deleteTopics(topics.all)
                let worker = try WorkerProcess(executable, environment: environment)
                try await TestStack.eventually("\(executable) creates the topics", timeout: .seconds(120)) {
                    try admin.describeTopics(topics.all).count == 5
                }
                let described = Dictionary(uniqueKeysWithValues: try admin.describeTopics(topics.all).map { ($0.name, $0) })
                #expect(described[topics.events]?.configs["retention.ms"] == "-1", "\(executable)")
                #expect(described[topics.commands]?.configs["retention.ms"] == "1800000", "\(executable)")
                #expect(described[topics.outcomes]?.configs["retention.ms"] == "604800000", "\(executable): the default")
                #expect(described[topics.deadLetters]?.configs["retention.ms"] == "900000", "\(executable)")
                #expect(described.values.filter { $0.name != topics.checkpoints }.allSatisfy { $0.partitions == Int(scope.partitions) })
                #expect(described[topics.checkpoints]?.configs["retention.ms"] == "-1", "\(executable): checkpoints kept forever")
                #expect(worker.stop() == 0, "\(executable): \(worker.log)")
            }
        }
    }

    @Test func workersRefuseAnEventsTopicThatDeletesOldEvents() async throws {
        try await TestStack.withScope { scope in
            let admin = try KafkaAdmin(
                configuration: KafkaConfiguration(brokers: TestStack.brokers, clientID: "suivi-tests"), logger: TestStack.logger)
            let events = "\(scope.name).events.finite"
            defer { try? admin.deleteTopics([events]) }
            try admin.createTopics([
                TopicSpec(name: events, partitions: scope.partitions, config: ["retention.ms": "86400000"])
            ])
            var environment = scope.environment
            environment["SUIVI_TOPIC_EVENTS"] = events
            environment["SUIVI_METRICS_PORT"] = "0"
            environment["SUIVI_LOG_LEVEL"] = "warning"  // stderr then holds the reason alone
            for executable in ["suivi-decider", "suivi-projector"] {
                let result = try WorkerProcess.run(executable, [], environment: environment, timeout: 60)
                #expect(result.status == 78, "\(executable): \(result.stderr)")
                let lines = result.stderr.split(separator: "\n")
                #expect(lines.count == 1, "\(executable) said more than one line: \(result.stderr)")
                let line = String(lines.last ?? "")
                #expect(line.hasPrefix("\(executable): topic \(events) deletes old events (retention.ms=86400000)"))
                #expect(line.contains("retention.ms=-1") && line.contains("SUIVI_ALLOW_FINITE_EVENTS_RETENTION=true"))
            }

            // The operator's explicit override: the decider runs (and says so in its log).
            environment["SUIVI_ALLOW_FINITE_EVENTS_RETENTION"] = "true"
            let decider = try WorkerProcess("suivi-decider", environment: environment)
            try await Task.sleep(for: .seconds(4))
            #expect(decider.process.isRunning, "\(decider.log)")
            #expect(decider.stop() == 0)
            #expect(decider.log.contains("SUIVI_ALLOW_FINITE_EVENTS_RETENTION=true lets the worker run anyway"))
        }
    }

    @Test func policyDecidesWithoutABroker() throws {
        var settings = TopicSettings()
        settings.minInsyncReplicas = 2
        settings.replicationFactor = 3
        let policy = TopicPolicy(topics: .standard, partitions: 12, settings: settings)
        let events = try #require(policy.specs.first { $0.name == "suivi.events" })
        #expect(events.config["retention.ms"] == "-1" && events.config["retention.bytes"] == "-1")
        #expect(policy.specs.allSatisfy { $0.replicationFactor == 3 && $0.config["min.insync.replicas"] == "2" })
        #expect(policy.specs.allSatisfy { $0.partitions == ($0.name == "suivi.checkpoints" ? 1 : 12) })
        let checkpoints = try #require(policy.specs.first { $0.name == "suivi.checkpoints" })
        #expect(checkpoints.config["retention.ms"] == "-1" && checkpoints.config["retention.bytes"] == "-1", "kept forever")

        let kept = TopicDescription(name: "suivi.events", partitions: 12, replicationFactor: 3,
            configs: ["retention.ms": "-1", "retention.bytes": "-1"], configsDescribed: true)
        #expect(policy.startRefusal(kept) == nil)
        var finite = kept
        finite.configs["retention.bytes"] = "1073741824"
        #expect(policy.startRefusal(finite)?.description.contains("retention.bytes=1073741824") == true)
        var allowed = policy
        allowed.settings.allowFiniteEventsRetention = true
        #expect(allowed.startRefusal(finite) == nil)

        #expect(policy.mismatches([kept]).contains(TopicMismatch(topic: "suivi.commands", setting: "exists", expected: "yes", actual: "no")))
        #expect(policy.mismatches([kept]).contains(TopicMismatch(topic: "suivi.events", setting: "min.insync.replicas", expected: "2", actual: "unknown")))

        #expect(throws: OperationFailure.self) {
            try TopicSettings.load(from: Environment(overrides: ["SUIVI_REPLICATION_FACTOR": "1", "SUIVI_MIN_INSYNC_REPLICAS": "2"]))
        }
        #expect(throws: OperationFailure.self) { try TopicSettings.load(from: Environment(overrides: ["SUIVI_COMMANDS_RETENTION_MS": "0"])) }
    }
}

/// Secrets from files: a librdkafka properties file whose values may hold commas and `=`, and the
/// PostgreSQL password from a file; an unreadable file stops the executable with one line (exit 78).
@Suite("Secret files")
struct SecretFileTests {
    static func temporary(_ content: String) throws -> String {
        let path = NSTemporaryDirectory() + "suivi-secret-\(UInt32.random(in: 0...UInt32.max))"
        try content.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func kafkaPropertiesFileAllowsAnyValueAndTheVariableWins() throws {
        let path = try Self.temporary("""
            # comment
            ! another comment
            security.protocol = SASL_SSL
            sasl.password=p,a=ss word
            sasl.username=suivi

            """)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let configuration = try SuiviConfiguration.load(from: Environment(overrides: [
            "SUIVI_KAFKA_PROPERTIES_FILE": path, "SUIVI_KAFKA_PROPERTIES": "sasl.username=other",
        ]))
        #expect(configuration.kafkaProperties == [
            "security.protocol": "SASL_SSL", "sasl.password": "p,a=ss word", "sasl.username": "other",
        ])
        #expect(!"\(configuration)".contains("p,a=ss"))
    }

    @Test func databasePasswordFileIsReadAndNeverPrinted() async throws {
        let path = try Self.temporary("s3cret-from-file\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try await TestStack.withScope { scope in try Self.statusWithPasswordFile(path, scope: scope) }
    }

    static func statusWithPasswordFile(_ path: String, scope: TestStack.Scope) throws {
        let configuration = try SuiviConfiguration.load(from: Environment(overrides: ["SUIVI_DATABASE_PASSWORD_FILE": path]))
        #expect(configuration.databasePassword == "s3cret-from-file")
        #expect(!"\(configuration)".contains("s3cret"))
        // The local server trusts loopback connections, so the password is sent and the command works.
        var environment = scope.environment
        environment["SUIVI_DATABASE_PASSWORD_FILE"] = path
        let result = try WorkerProcess.run("suivi", ["status", "--json"], environment: environment, timeout: 120)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stdout.contains("s3cret") && !result.stderr.contains("s3cret"))
    }

    @Test func unreadableSecretFileStopsWithOneLine() throws {
        for variable in ["SUIVI_KAFKA_PROPERTIES_FILE", "SUIVI_DATABASE_PASSWORD_FILE"] {
            let result = try WorkerProcess.run("suivi-decider", [], environment: [variable: "/nonexistent/suivi-secret"], timeout: 120)
            #expect(result.status == 78)
            #expect(result.stderr.split(separator: "\n").count == 1)
            #expect(result.stderr.contains("\(variable)=/nonexistent/suivi-secret cannot be read"))
        }
    }
}
