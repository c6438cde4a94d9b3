import Foundation
import Logging
import SuiviApp
import SuiviKafka
import SuiviPostgres
import SuiviStore

/// The real services of the local stack (`ops/stack start`), configured from the same environment
/// variables as the executables. Each test gets its own database and its own topics and removes them.
enum TestStack {
    static let environment = ProcessInfo.processInfo.environment
    static let baseURL = environment["SUIVI_DATABASE_URL"] ?? SuiviConfiguration.defaultDatabaseURL
    static let brokers = environment["SUIVI_KAFKA_BROKERS"] ?? SuiviConfiguration.defaultBrokers
    static let logger: Logger = {
        var logger = Logger(label: "suivi-tests")
        logger.logLevel = .warning
        return logger
    }()

    /// A fresh, migrated database and four fresh topics, with the environment the executables need.
    struct Scope {
        let name: String
        let databaseURL: String
        let topics: Topics
        let partitions: Int32
        var brokers: String = TestStack.brokers

        var environment: [String: String] {
            [
                "SUIVI_DATABASE_URL": databaseURL,
                "SUIVI_KAFKA_BROKERS": brokers,
                "SUIVI_TOPIC_COMMANDS": topics.commands,
                "SUIVI_TOPIC_EVENTS": topics.events,
                "SUIVI_TOPIC_OUTCOMES": topics.outcomes,
                "SUIVI_TOPIC_DEADLETTERS": topics.deadLetters,
                "SUIVI_TOPIC_CHECKPOINTS": topics.checkpoints,
                "SUIVI_PARTITIONS": String(partitions),
                "SUIVI_DECIDER_GROUP": "\(name)-decider",
                "SUIVI_PROJECTOR_GROUP": "\(name)-projector",
                "SUIVI_LOG_LEVEL": "info",
            ]
        }

        var configuration: SuiviConfiguration {
            get throws { try SuiviConfiguration.load(from: Environment(overrides: environment)) }
        }

        func connect() throws -> PostgresConnection {
            try PostgresConnection(connectionString: databaseURL, applicationName: "suivi-tests", logger: TestStack.logger)
        }
    }

    /// Runs `body` with its own database and topics, then drops them whatever happens.
    static func withScope<T>(partitions: Int32 = 3, brokers: String = TestStack.brokers, _ body: (Scope) async throws -> T) async throws -> T {
        let name = "it_\(UInt32.random(in: 0...UInt32.max))"
        let admin = try PostgresConnection(connectionString: baseURL, applicationName: "suivi-tests", logger: logger)
        try admin.execute("CREATE DATABASE \(name)")
        let scope = Scope(
            name: name, databaseURL: databaseURL(for: name),
            topics: Topics(commands: "\(name).commands", events: "\(name).events", outcomes: "\(name).outcomes", deadLetters: "\(name).deadletters",
            checkpoints: "\(name).checkpoints"),
            partitions: partitions, brokers: brokers)
        let kafka = try KafkaAdmin(configuration: KafkaConfiguration(brokers: brokers, clientID: "suivi-tests"), logger: logger)
        defer {
            try? kafka.deleteTopics(scope.topics.all)
            try? admin.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
        }
        let connection = try scope.connect()
        try Migrator(connection: connection, logger: logger).migrate()
        connection.close()
        try Connections.ensureTopics(try scope.configuration, logger: logger)
        return try await body(scope)
    }

    /// The same server and user as SUIVI_DATABASE_URL, another database.
    static func databaseURL(for database: String) -> String {
        if let slash = baseURL.range(of: "/", options: .backwards), baseURL.hasPrefix("postgres"), !baseURL[slash.upperBound...].contains("@") {
            let tail = baseURL[slash.upperBound...]
            let query = tail.firstIndex(of: "?").map { String(tail[$0...]) } ?? ""
            return String(baseURL[..<slash.upperBound]) + database + query
        }
        return baseURL + " dbname=\(database)"
    }

    /// Waits until `condition` holds, checking every 100 ms, or fails after `timeout`.
    static func eventually(_ what: String, timeout: Duration = .seconds(60), _ condition: () throws -> Bool) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while clock.now < deadline {
            if try condition() { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TimedOut(what: what)
    }

    struct TimedOut: Error, CustomStringConvertible {
        let what: String
        var description: String { "timed out waiting for \(what)" }
    }
}
