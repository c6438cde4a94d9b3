import Foundation
import SuiviApp
import SuiviKafka
import SuiviPostgres

#if canImport(Glibc)
import Glibc
#endif

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
            "SUIVI_TOPIC_CHECKPOINTS": topics.checkpoints,
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
            commands: "\(prefix).commands", events: "\(prefix).events", outcomes: "\(prefix).outcomes", deadLetters: "\(prefix).deadletters",
            checkpoints: "\(prefix).checkpoints")
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

    /// Runs a program to completion, its standard output and error together, with posix_spawn and waitpid:
    /// output goes through a file, not a pipe (a server that the program starts, as `pg_ctl start` does,
    /// inherits it), and Foundation's Process missed the exit of `runuser` here, leaving the test waiting.
    static func script(_ path: String, _ arguments: [String], environment: [String: String]) throws -> (status: Int32, output: String) {
        let file = NSTemporaryDirectory() + "suivi-script-\(UInt32.random(in: 0...UInt32.max)).out"
        defer { try? FileManager.default.removeItem(atPath: file) }
        let merged = ProcessInfo.processInfo.environment.merging(environment) { $1 }.map { "\($0.key)=\($0.value)" }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, file, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = merged.map { strdup($0) } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, path, &actions, nil, argv, envp)
        guard spawned == 0 else { throw RequirementFailed(description: "cannot run \(path): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let code = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return (code, (try? String(contentsOfFile: file, encoding: .utf8)) ?? "")
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
