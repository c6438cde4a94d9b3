import Foundation
import SuiviApp
import SuiviDomain
import SuiviKafka
import SuiviPostgres
import SuiviStore
import Testing

/// The procedures of ops/RUNBOOK.md, each run as an operator runs it: the same commands, in the
/// same order, against real workers, a real broker and a real PostgreSQL.
@Suite("Runbook procedures", .serialized)
struct RunbookProcedureTests {
    func publish(_ messages: [(key: String, value: [UInt8])], _ configuration: SuiviConfiguration) async throws {
        let producer = try KafkaProducer(
            configuration: configuration.kafka(clientID: "suivi-tests"), logger: TestStack.logger)
        _ = try await producer.send(
            messages.map {
                OutgoingMessage(topic: configuration.topics.commands, key: Array($0.key.utf8), value: $0.value)
            })
        producer.close()
    }

    func requests(_ range: Range<Int>, prefix: String) -> [(key: String, value: [UInt8])] {
        range.map { index in
            let envelope = SampleCommands.requestAssistance(
                case: "\(prefix)-\(index)", id: "cmd-\(prefix)-\(index)",
                state: "TGO")
            return (envelope.subject, SampleCommands.bytes(envelope))
        }
    }

    func consents(_ range: Range<Int>, prefix: String) -> [(key: String, value: [UInt8])] {
        range.map { index in
            (
                "\(prefix)-\(index)",
                SampleCommands.giveConsent(
                    case: "\(prefix)-\(index)", id: "cmd-consent-\(prefix)-\(index)",
                    consent: "consent-\(prefix)-\(index)")
            )
        }
    }

    func count(_ connection: PostgresConnection, _ sql: String) throws -> Int64 {
        try connection.query(PostgresQuery(sql: sql))[0].int("n")
    }

    func suivi(
        _ arguments: [String], _ environment: [String: String], timeout: TimeInterval = 120
    ) throws -> (status: Int32, stdout: String, stderr: String) {
        try WorkerProcess.run("suivi", arguments, environment: environment, timeout: timeout)
    }

    /// RUNBOOK "Start and stop" and "Schema migrations on upgrade": `suivi migrate` is idempotent,
    /// and `suivi status --require-workers --max-lag 0` is the health gate of a (re)start.
    @Test func migrateIsIdempotentAndStatusGatesTheStart() async throws {
        try await TestStack.withScope(partitions: 2) { scope in
            let again = try suivi(["migrate"], scope.environment)
            #expect(again.status == 0, "\(again.stdout)\(again.stderr)")
            let noWorkers = try suivi(["status", "--require-workers"], scope.environment)
            #expect(noWorkers.status == 4)

            try await publish(requests(0..<50, prefix: "case-start"), try scope.configuration)
            let decider = try WorkerProcess("suivi-decider", arguments: ["--migrate"], environment: scope.environment)
            let projector = try WorkerProcess(
                "suivi-projector", arguments: ["--migrate"], environment: scope.environment)
            try await TestStack.eventually("healthy: live workers and no lag") {
                try suivi(["status", "--require-workers", "--max-lag", "0"], scope.environment).status == 0
            }
            #expect(decider.stop() == 0)
            #expect(projector.stop() == 0)
        }
    }

    /// RUNBOOK "Dead letters": list, show, skip with a reason.
    @Test func deadLettersAreListedShownAndSkippedWithAReason() async throws {
        try await TestStack.withScope(partitions: 1) { scope in
            let configuration = try scope.configuration
            try await publish(
                [("case-x", Array("this is not json".utf8))] + requests(0..<1, prefix: "case-after"), configuration)
            let decider = try WorkerProcess("suivi-decider", environment: scope.environment)
            defer { decider.stop() }
            let connection = try scope.connect()
            try await TestStack.eventually("the good command decided") {
                try EventStore(connection: connection).outcome(of: "cmd-case-after-0") != nil
            }

            let list = try suivi(["dlq", "list", "--json"], scope.environment)
            #expect(list.status == 0)
            let letter = try #require(try DeadLetterStore(connection: connection).list(status: "parked").first)
            #expect(list.stdout.contains("\"syntax\""))
            let show = try suivi(["dlq", "show", String(letter.id)], scope.environment)
            #expect(show.status == 0)
            #expect(show.stdout.contains("this is not json"))
            #expect(try suivi(["dlq", "show", "987654321"], scope.environment).status == 1)

            let skip = try suivi(
                ["dlq", "skip", String(letter.id), "--reason", "test message from an integrator's sandbox"],
                scope.environment)
            #expect(skip.status == 0, "\(skip.stdout)\(skip.stderr)")
            #expect(try DeadLetterStore(connection: connection).list(status: "parked").isEmpty)
            let skipped = try suivi(["dlq", "list", "--status", "skipped", "--json"], scope.environment)
            #expect(skipped.stdout.contains("integrator's sandbox"))
            #expect(try suivi(["status", "--max-parked", "0"], scope.environment).status == 0)
        }
    }

    /// RUNBOOK "Rebuilds": SIGINT cancels after the chunk in hand (exit 4), --resume finishes, --verify agrees.
    @Test func aCancelledRebuildResumesAndVerifies() async throws {
        try await TestStack.withScope(partitions: 2) { scope in
            try await publish(requests(0..<4000, prefix: "case-rebuild"), try scope.configuration)
            let decider = try WorkerProcess("suivi-decider", environment: scope.environment)
            let projector = try WorkerProcess("suivi-projector", environment: scope.environment)
            defer { decider.stop(); projector.stop() }
            let connection = try scope.connect()
            try await TestStack.eventually("4000 cases projected", timeout: .seconds(180)) {
                try count(connection, "SELECT count(*) AS n FROM suivi_read.cases") == 4000
            }

            // One event per transaction: 4000 transactions, seconds of work; interrupted at its first progress line.
            let rebuild = try WorkerProcess(
                "suivi", arguments: ["rebuild", "--chunk-size", "1"], environment: scope.environment)
            try await TestStack.eventually("the rebuild under way") { rebuild.log.contains("store: ") }
            #expect(rebuild.stop(signal: SIGINT) == 4, "the rebuild should have been cancelled: \(rebuild.log)")
            #expect(rebuild.log.contains("suivi rebuild --resume"))

            let resume = try suivi(["rebuild", "--resume"], scope.environment, timeout: 300)
            #expect(resume.status == 0, "\(resume.stdout)\(resume.stderr)")
            let verify = try suivi(["rebuild", "--verify"], scope.environment, timeout: 300)
            #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        }
    }

    /// RUNBOOK "Recovery from a restored database backup": the stored offsets go back with the
    /// backup, so the decider decides again what the commands topic still holds after them; the read
    /// models are rebuilt from the restored event store before the projector starts.
    @Test func aRestoredBackupCatchesUpFromTheCommandsTopic() async throws {
        try await TestStack.withScope(partitions: 2) { scope in
            let configuration = try scope.configuration
            let database = String(scope.databaseURL.split(separator: "/").last ?? "")
            let dump = NSTemporaryDirectory() + "suivi-backup-\(scope.name).dump"
            defer { try? FileManager.default.removeItem(atPath: dump) }
            let connection = try scope.connect()

            try await publish(requests(0..<100, prefix: "case-backup"), configuration)
            var decider = try WorkerProcess("suivi-decider", environment: scope.environment)
            var projector = try WorkerProcess("suivi-projector", environment: scope.environment)
            try await TestStack.eventually("100 cases projected") {
                try count(connection, "SELECT count(*) AS n FROM suivi_read.cases") == 100
            }
            decider.stop()
            projector.stop()
            #expect(try run("/usr/lib/postgresql/15/bin/pg_dump", ["-Fc", "-f", dump, scope.databaseURL]) == 0)

            // Life goes on after the backup: consents and new cases.
            decider = try WorkerProcess("suivi-decider", environment: scope.environment)
            projector = try WorkerProcess("suivi-projector", environment: scope.environment)
            try await publish(
                consents(0..<100, prefix: "case-backup") + requests(100..<150, prefix: "case-backup"), configuration)
            try await TestStack.eventually("250 outcomes") {
                try count(connection, "SELECT count(*) AS n FROM suivi.outcomes") == 250
            }
            try await TestStack.eventually("lag 0") {
                try suivi(["status", "--max-lag", "0"], scope.environment).status == 0
            }
            decider.stop()
            projector.stop()
            connection.close()

            // The database is lost and restored from the backup (workers stopped).
            let admin = try PostgresConnection(connectionString: TestStack.baseURL, logger: TestStack.logger)
            try admin.execute("DROP DATABASE \(database) WITH (FORCE)")
            try admin.execute("CREATE DATABASE \(database)")
            #expect(
                try run("/usr/lib/postgresql/15/bin/pg_restore", ["--exit-on-error", "-d", scope.databaseURL, dump])
                    == 0)
            let restored = try scope.connect()
            #expect(try count(restored, "SELECT count(*) AS n FROM suivi.outcomes") == 100)

            // The procedure: migrate, decider alone until the commands topic is decided again, rebuild, projector.
            #expect(try suivi(["migrate"], scope.environment).status == 0)
            decider = try WorkerProcess("suivi-decider", environment: scope.environment)
            try await TestStack.eventually("the 150 later commands decided again") {
                try count(restored, "SELECT count(*) AS n FROM suivi.outcomes WHERE status = 'accepted'") == 250
            }
            let rebuild = try suivi(["rebuild"], scope.environment)
            #expect(rebuild.status == 0, "\(rebuild.stdout)\(rebuild.stderr)")
            projector = try WorkerProcess("suivi-projector", environment: scope.environment)
            defer { decider.stop(); projector.stop() }
            try await TestStack.eventually("lag 0 after the restore") {
                try suivi(["status", "--max-lag", "0"], scope.environment).status == 0
            }
            #expect(try count(restored, "SELECT count(*) AS n FROM suivi_read.cases") == 150)
            #expect(
                try count(restored, "SELECT count(*) AS n FROM suivi_read.cases WHERE current_consent_id IS NOT NULL")
                    == 100)
            #expect(
                try count(
                    restored,
                    "SELECT count(*) AS n FROM (SELECT 1 FROM suivi.events GROUP BY stream_id, version HAVING count(*) > 1) d"
                ) == 0)
            let verify = try suivi(["rebuild", "--verify"], scope.environment)
            #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
            let audit = try suivi(["audit", "verify"], scope.environment)
            #expect(audit.status == 0, "\(audit.stdout)\(audit.stderr)")
        }
    }

    /// RUNBOOK "Adding partitions", the way that keeps every stream on one partition: new topics with
    /// more partitions, `suivi relay republish` into them, workers switched to them.
    @Test func movingToTopicsWithMorePartitionsKeepsEveryStreamInOrder() async throws {
        try await TestStack.withScope(partitions: 2) { scope in
            let connection = try scope.connect()
            try await publish(requests(0..<200, prefix: "case-part"), try scope.configuration)
            var decider = try WorkerProcess("suivi-decider", environment: scope.environment)
            var projector = try WorkerProcess("suivi-projector", environment: scope.environment)
            try await TestStack.eventually("lag 0 on the old topics") {
                try count(connection, "SELECT count(*) AS n FROM suivi_read.cases") == 200
                    && suivi(["status", "--max-lag", "0"], scope.environment).status == 0
            }
            #expect(decider.stop() == 0)
            #expect(projector.stop() == 0)

            var next = scope.environment
            for (variable, suffix) in [
                ("SUIVI_TOPIC_COMMANDS", "commands"), ("SUIVI_TOPIC_EVENTS", "events"),
                ("SUIVI_TOPIC_OUTCOMES", "outcomes"), ("SUIVI_TOPIC_DEADLETTERS", "deadletters"),
            ] {
                next[variable] = "\(scope.name).v2.\(suffix)"
            }
            next["SUIVI_PARTITIONS"] = "5"
            let nextConfiguration = try SuiviConfiguration.load(from: Environment(overrides: next))
            let admin = try KafkaAdmin(
                configuration: nextConfiguration.kafka(clientID: "suivi-tests"), logger: TestStack.logger)
            defer { try? admin.deleteTopics(nextConfiguration.topics.all) }
            #expect(try suivi(["topics"], next).status == 0)
            #expect(try admin.partitionCount(topic: nextConfiguration.topics.events) == 5)
            let republish = try suivi(["relay", "republish", "--json"], next)
            #expect(republish.status == 0, "\(republish.stdout)\(republish.stderr)")

            decider = try WorkerProcess("suivi-decider", environment: next)
            projector = try WorkerProcess("suivi-projector", environment: next)
            defer { decider.stop(); projector.stop() }
            try await publish(consents(0..<200, prefix: "case-part"), nextConfiguration)
            try await TestStack.eventually("the consents decided and projected from the new topics") {
                try count(connection, "SELECT count(*) AS n FROM suivi_read.cases WHERE current_consent_id IS NOT NULL")
                    == 200
                    && suivi(["status", "--max-lag", "0"], next).status == 0
            }
            #expect(try count(connection, "SELECT count(*) AS n FROM suivi.outcomes WHERE status = 'accepted'") == 400)
            let verify = try suivi(["rebuild", "--verify"], next)
            #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        }
    }

    /// Runs a program to completion; its output goes to this process's standard error.
    func run(_ path: String, _ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
