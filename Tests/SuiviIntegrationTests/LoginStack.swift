import Foundation
import SuiviApp
import SuiviKafka
import SuiviPostgres

/// A database set up as production sets it up: `ops/postgres/create-logins.sh` makes one login per job
/// (names prefixed with the test's own name, since roles belong to the whole cluster) and a database
/// owned by the owner login, which migrates it. Everything is dropped afterwards.
struct LoginStack {
    static let jobs = ["owner", "decider", "projector", "auditor", "operator"]
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    let prefix: String
    let host: String
    let port: Int
    /// The cluster's superuser, who runs create-logins.sh (the DBA).
    let admin: String
    let topics: Topics
    let passwordDirectory: String

    var database: String { prefix }

    /// The login of a job: `<prefix>_owner`, `<prefix>_decider_login`...
    func login(_ job: String) -> String { job == "owner" ? "\(prefix)_owner" : "\(prefix)_\(job)_login" }

    func url(_ job: String) -> String { "postgresql://\(login(job))@\(host):\(port)/\(database)" }

    /// What an executable run as `job` gets: its own login, its password from a file, the test's topics.
    func environment(_ job: String) -> [String: String] {
        [
            "SUIVI_DATABASE_URL": url(job),
            "SUIVI_DATABASE_PASSWORD_FILE": passwordDirectory + "/\(job)",
            "SUIVI_KAFKA_BROKERS": TestStack.brokers,
            "SUIVI_TOPIC_COMMANDS": topics.commands, "SUIVI_TOPIC_EVENTS": topics.events,
            "SUIVI_TOPIC_OUTCOMES": topics.outcomes, "SUIVI_TOPIC_DEADLETTERS": topics.deadLetters,
            "SUIVI_PARTITIONS": "2", "SUIVI_DECIDER_GROUP": "\(prefix)-decider", "SUIVI_PROJECTOR_GROUP": "\(prefix)-projector",
            "SUIVI_METRICS_PORT": "0", "SUIVI_LOG_LEVEL": "warning",
        ]
    }

    func connect(_ job: String) throws -> PostgresConnection {
        try PostgresConnection(connectionString: url(job), applicationName: "suivi-tests", logger: TestStack.logger)
    }

    func adminConnection(database: String = "postgres") throws -> PostgresConnection {
        try PostgresConnection(
            connectionString: "postgresql://\(admin)@\(host):\(port)/\(database)", applicationName: "suivi-tests", logger: TestStack.logger)
    }

    /// The local stack's server, from SUIVI_DATABASE_URL.
    static func local(prefix: String) throws -> LoginStack {
        let components = try require_(URLComponents(string: TestStack.baseURL), "SUIVI_DATABASE_URL is not a URI")
        return try LoginStack(
            prefix: prefix, host: components.host ?? "127.0.0.1", port: components.port ?? 5432, admin: components.user ?? "suivi")
    }

    init(prefix: String, host: String, port: Int, admin: String) throws {
        self.prefix = prefix
        self.host = host
        self.port = port
        self.admin = admin
        topics = Topics(
            commands: "\(prefix).commands", events: "\(prefix).events", outcomes: "\(prefix).outcomes", deadLetters: "\(prefix).deadletters")
        passwordDirectory = NSTemporaryDirectory() + "suivi-logins-\(prefix)"
        try FileManager.default.createDirectory(atPath: passwordDirectory, withIntermediateDirectories: true)
        for job in Self.jobs {
            try "pw-\(job)-\(UInt32.random(in: 0...UInt32.max))\n".write(
                toFile: passwordDirectory + "/\(job)", atomically: true, encoding: .utf8)
        }
    }

    /// Runs ops/postgres/create-logins.sh as the DBA; returns its exit code and output.
    @discardableResult
    func createLogins() throws -> (status: Int32, output: String) {
        try Self.script(
            Self.root.appendingPathComponent("ops/postgres/create-logins.sh").path, [],
            environment: [
                "PGHOST": host, "PGPORT": String(port), "PGUSER": admin, "PGDATABASE": "postgres",
                "SUIVI_LOGIN_PREFIX": prefix, "SUIVI_LOGIN_DATABASE": database, "SUIVI_LOGIN_PASSWORD_DIR": passwordDirectory,
            ])
    }

    /// Drops the database, the logins and the topics.
    func drop() {
        if let admin = try? adminConnection() {
            try? admin.execute("DROP DATABASE IF EXISTS \(database) WITH (FORCE)")
            for job in Self.jobs { try? admin.execute("DROP ROLE IF EXISTS \(login(job))") }
            admin.close()
        }
        if let kafka = try? KafkaAdmin(
            configuration: KafkaConfiguration(brokers: TestStack.brokers, clientID: "suivi-tests"), logger: TestStack.logger)
        {
            try? kafka.deleteTopics(topics.all)
        }
        try? FileManager.default.removeItem(atPath: passwordDirectory)
    }

    /// Runs a program to completion, its standard output and error together.
    static func script(_ path: String, _ arguments: [String], environment: [String: String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }
}

struct RequirementFailed: Error, CustomStringConvertible {
    let description: String
}

/// `#require` for helpers outside a test function.
func require_<T>(_ value: T?, _ message: String) throws -> T {
    guard let value else { throw RequirementFailed(description: message) }
    return value
}
