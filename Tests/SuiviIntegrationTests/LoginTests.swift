import Foundation
import SuiviApp
import SuiviKafka
import SuiviPostgres
import Testing

/// One login per job, as `ops/postgres/create-logins.sh` makes them and docker-compose.yml uses them:
/// each job's executables work with their own login, and each login is refused (SQLSTATE 42501) when it
/// tries to disable a trigger, write another job's tables, or UPDATE, DELETE or TRUNCATE the store.
@Suite("Logins per job", .serialized)
struct LoginTests {
    static func suivi(_ arguments: [String], _ environment: [String: String]) throws -> (status: Int32, stdout: String, stderr: String) {
        try WorkerProcess.run("suivi", arguments, environment: environment, timeout: 120)
    }

    static func count(_ connection: PostgresConnection, _ sql: String) throws -> Int64 {
        try connection.query(PostgresQuery(sql: sql))[0].int("n")
    }

    /// Runs `sql` as `job` and expects PostgreSQL to refuse it with insufficient_privilege.
    static func expectRefused(_ stack: LoginStack, _ job: String, _ sql: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let connection = try stack.connect(job)
        defer { connection.close() }
        do {
            try connection.execute(sql)
            Issue.record("\(job) was allowed: \(sql)", sourceLocation: sourceLocation)
        } catch let error as PostgresError {
            #expect(error.sqlState == "42501", "\(job): \(sql): \(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func eachJobWorksWithItsOwnLoginAndIsRefusedEverythingElse() async throws {
        let stack = try LoginStack.local(prefix: "it_\(UInt32.random(in: 0...UInt32.max))")
        defer { stack.drop() }
        let created = try stack.createLogins()
        #expect(created.status == 0, "create-logins.sh: \(created.output)")
        #expect(try stack.createLogins().status == 0, "create-logins.sh is idempotent")

        let admin = try stack.adminConnection()
        defer { admin.close() }
        let logins = LoginStack.jobs.map { "'\(stack.login($0))'" }.joined(separator: ", ")
        #expect(try Self.count(admin, "SELECT count(*) AS n FROM pg_roles WHERE rolname IN (\(logins)) AND rolcanlogin") == 5)
        #expect(try Self.count(admin, "SELECT count(*) AS n FROM pg_roles WHERE rolname IN (\(logins)) AND (rolsuper OR rolcreaterole OR rolcreatedb)") == 0)

        // The owner migrates; nobody else may.
        let migrate = try Self.suivi(["migrate"], stack.environment("owner"))
        #expect(migrate.status == 0, "migrate as the owner: \(migrate.stderr)")
        let topics = try Self.suivi(["topics"], stack.environment("operator"))
        #expect(topics.status == 0, "\(topics.stderr)")

        // The workers with their own logins: commands decided, events projected, a poison message dead-lettered.
        let configuration = try SuiviConfiguration.load(from: Environment(overrides: stack.environment("decider")))
        let producer = try KafkaProducer(configuration: configuration.kafka(clientID: "suivi-tests"), logger: TestStack.logger)
        var messages = (0..<20).map { index in
            let envelope = SampleCommands.requestAssistance(case: "case-login-\(index)", id: "cmd-login-\(index)")
            return OutgoingMessage(topic: stack.topics.commands, key: Array(envelope.subject.utf8), value: SampleCommands.bytes(envelope))
        }
        messages.append(OutgoingMessage(topic: stack.topics.commands, key: Array("case-x".utf8), value: Array("not json".utf8)))
        _ = try await producer.send(messages)
        let decider = try WorkerProcess("suivi-decider", environment: stack.environment("decider"))
        let projector = try WorkerProcess("suivi-projector", environment: stack.environment("projector"))
        defer { decider.stop(); projector.stop() }
        let auditor = try stack.connect("auditor")
        defer { auditor.close() }
        try await TestStack.eventually("20 cases in the read model, seen by the auditor", timeout: .seconds(90)) {
            try Self.count(auditor, "SELECT count(*) AS n FROM suivi_read.cases") == 20
        }
        #expect(try Self.count(auditor, "SELECT count(*) AS n FROM suivi.dead_letters WHERE status = 'parked'") == 1)
        // Every session of the workers runs as their own login, none as a superuser or the owner.
        let sessions = try admin.query(PostgresQuery(sql: """
            SELECT application_name AS app, usename::text AS login FROM pg_stat_activity
            WHERE datname = '\(stack.database)' AND application_name IN ('suivi-decider', 'suivi-projector')
            """)).rows.map { (try $0.string("app"), try $0.string("login")) }
        #expect(sessions.contains { $0 == ("suivi-decider", stack.login("decider")) })
        #expect(sessions.contains { $0 == ("suivi-projector", stack.login("projector")) })
        #expect(sessions.allSatisfy { $0.1 != stack.admin && $0.1 != stack.login("owner") }, "\(sessions)")

        // The read commands work with the auditor login.
        let reads: [[String]] = [
            ["status", "--json"], ["cases", "list", "--json"], ["case", "show", "case-login-3", "--json"],
            ["outcome", "cmd-login-3", "--json"], ["states", "--json"], ["audit", "verify"], ["audit", "trace", "case-login-3"],
            ["dlq", "list", "--json"],
        ]
        for arguments in reads {
            let result = try Self.suivi(arguments, stack.environment("auditor"))
            #expect(result.status == 0, "auditor: suivi \(arguments.joined(separator: " ")): \(result.stderr)")
        }
        // Operations refused to the auditor: a rebuild (one line naming the login to use), resolving a dead letter.
        let auditorRebuild = try Self.suivi(["rebuild"], stack.environment("auditor"))
        #expect(auditorRebuild.status == 78)
        #expect(auditorRebuild.stderr.contains("not a member of suivi_operator"), "\(auditorRebuild.stderr)")
        let letter = try auditor.query(PostgresQuery(sql: "SELECT id FROM suivi.dead_letters"))[0].int("id")
        let auditorSkip = try Self.suivi(["dlq", "skip", String(letter), "--reason", "auditor"], stack.environment("auditor"))
        #expect(auditorSkip.status == 78, "\(auditorSkip.stderr)")
        #expect(auditorSkip.stderr.contains("SQLSTATE 42501") && auditorSkip.stderr.contains("the login this command needs"))
        #expect(auditorSkip.stderr.split(separator: "\n").count == 1)
        #expect(try Self.suivi(["migrate"], stack.environment("auditor")).status != 0)

        // The operations work with the operator login: two rebuilds (each swap renames the schemas), a
        // verification, a dead letter skipped, a republish.
        for arguments: [String] in [["rebuild"], ["rebuild"], ["rebuild", "--verify"], ["dlq", "skip", String(letter), "--reason", "test"],
            ["relay", "republish", "--json"]]
        {
            let result = try Self.suivi(arguments, stack.environment("operator"))
            #expect(result.status == 0, "operator: suivi \(arguments.joined(separator: " ")): \(result.stdout)\(result.stderr)")
        }
        #expect(try Self.count(admin, """
            SELECT count(*) AS n FROM pg_namespace WHERE nspname = 'suivi_read' AND nspowner = 'suivi_operator'::regrole
            """) == 0, "the admin connection is to another database")
        #expect(try Self.count(auditor, """
            SELECT count(*) AS n FROM pg_namespace WHERE nspname = 'suivi_read' AND nspowner = 'suivi_operator'::regrole
            """) == 1, "the swapped-in read models belong to suivi_operator")

        // The projector still writes the swapped-in read models.
        let more = SampleCommands.requestAssistance(case: "case-login-after", id: "cmd-login-after")
        _ = try await producer.send([
            OutgoingMessage(topic: stack.topics.commands, key: Array(more.subject.utf8), value: SampleCommands.bytes(more))
        ])
        producer.close()
        try await TestStack.eventually("the case after the rebuilds", timeout: .seconds(60)) {
            try Self.count(auditor, "SELECT count(*) AS n FROM suivi_read.cases") == 21
        }
        #expect(decider.process.isRunning && projector.process.isRunning)

        // What each login is refused, with SQLSTATE 42501.
        let store = [
            "UPDATE suivi.events SET actor = actor", "DELETE FROM suivi.events", "TRUNCATE suivi.events",
            "UPDATE suivi.outcomes SET subject = subject", "DELETE FROM suivi.outcomes", "TRUNCATE suivi.outcomes",
        ]
        let triggers = [
            "ALTER TABLE suivi.events DISABLE TRIGGER events_append_only",
            "ALTER TABLE suivi.outcomes DISABLE TRIGGER outcomes_no_truncate",
            "ALTER TABLE suivi.events DISABLE TRIGGER ALL",
        ]
        let otherJobs: [String: [String]] = [
            "decider": [
                "DELETE FROM suivi_read.cases", "UPDATE suivi_read.projector_offsets SET next_offset = 0",
                "DROP SCHEMA suivi_read CASCADE",
            ],
            "projector": [
                "INSERT INTO suivi.events (stream_id) VALUES ('x')", "INSERT INTO suivi.outcomes (command_id) VALUES ('x')",
                "UPDATE suivi.consumer_offsets SET next_offset = 0", "DELETE FROM suivi.held_commands",
                "ALTER TABLE suivi_read.cases DISABLE TRIGGER ALL", "ALTER SCHEMA suivi_read RENAME TO x",
            ],
            "auditor": [
                "INSERT INTO suivi_read.cases (case_id) VALUES ('x')", "UPDATE suivi.dead_letters SET status = 'skipped'",
                "DELETE FROM suivi.worker_heartbeats", "INSERT INTO suivi.events (stream_id) VALUES ('x')",
                "UPDATE suivi.consumer_offsets SET next_offset = 0",
            ],
            "operator": [
                "INSERT INTO suivi.events (stream_id) VALUES ('x')", "INSERT INTO suivi.outcomes (command_id) VALUES ('x')",
                "DELETE FROM suivi.held_commands", "DELETE FROM suivi.dead_letters",
            ],
        ]
        for job in ["decider", "projector", "auditor", "operator"] {
            for sql in store + triggers + otherJobs[job, default: []] { try Self.expectRefused(stack, job, sql) }
        }
        // Even the owner cannot change the store: the triggers refuse it (disabling them is the owner's power
        // alone, which is why nothing but `suivi migrate` runs as the owner).
        for sql in store { try Self.expectRefused(stack, "owner", sql) }
        #expect(try Self.count(auditor, "SELECT count(*) AS n FROM suivi.outcomes WHERE status = 'accepted'") == 21)
        #expect(decider.stop() == 0)
        #expect(projector.stop() == 0)
    }
}
