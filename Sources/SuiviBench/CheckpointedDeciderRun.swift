import Foundation
import SuiviApp
import SuiviKafka
import SuiviPostgres
import SuiviStore

/// The decider again over the same published commands, with checkpoints on (issue 16) or, to bracket
/// that run under the same warm broker and database, off again: a database, a consumer group and output
/// topics of its own each time. With checkpoints: a signing key in a temporary file and the documented
/// defaults (a checkpoint every 10,000 events, at most 30 s after an event); afterwards the checkpoints must
/// cover every event exactly once and `suivi audit verify` must hold. The ledger is part of the schema and
/// on in every run.
struct CheckpointedDeciderRun {
    let bench: Bench
    let commands: Int
    let expectedEvents: Int
    var checkpoints = true

    struct Result {
        var sustained: Double
        var checkpoints: Int
        var verifySeconds: Double
    }

    func run() throws -> Result {
        let tag = bench.tag + (checkpoints ? "cp" : "again")
        var configuration = bench.configuration
        configuration.databaseURL = Bench.url(bench.base.databaseURL, database: "suivi_bench_\(tag)")
        configuration.topics.events = "bench-\(tag).events"
        configuration.topics.outcomes = "bench-\(tag).outcomes"
        configuration.topics.deadLetters = "bench-\(tag).deadletters"
        configuration.topics.checkpoints = "bench-\(tag).checkpoints"
        configuration.deciderGroup = "bench-\(tag)-decider"
        let folder = NSTemporaryDirectory() + "suivi-bench-\(tag)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let key = AuditSigningKey()
        try AuditFiles.writeKey(key, to: "\(folder)/checkpoint.pem")
        var environment = bench.environment
        environment["SUIVI_DATABASE_URL"] = configuration.databaseURL
        environment["SUIVI_TOPIC_EVENTS"] = configuration.topics.events
        environment["SUIVI_TOPIC_OUTCOMES"] = configuration.topics.outcomes
        environment["SUIVI_TOPIC_DEADLETTERS"] = configuration.topics.deadLetters
        environment["SUIVI_TOPIC_CHECKPOINTS"] = configuration.topics.checkpoints
        environment["SUIVI_DECIDER_GROUP"] = configuration.deciderGroup
        if checkpoints {
            environment["SUIVI_CHECKPOINT_KEY_FILE"] = "\(folder)/checkpoint.pem"
        } else {
            environment.removeValue(forKey: "SUIVI_CHECKPOINT_KEY_FILE")
        }
        environment.removeValue(forKey: "SUIVI_CHECKPOINT_EVENTS")
        environment.removeValue(forKey: "SUIVI_CHECKPOINT_SECONDS")

        let admin = try PostgresConnection(connectionString: bench.base.databaseURL, applicationName: "suivi-bench", logger: bench.logger)
        try admin.execute("CREATE DATABASE suivi_bench_\(tag)")
        var decider: WorkerProcess?
        defer {
            decider?.stop()
            try? FileManager.default.removeItem(atPath: folder)
            if !bench.options.keep {
                try? admin.execute("DROP DATABASE IF EXISTS suivi_bench_\(tag) WITH (FORCE)")
                // Its own topics only: the commands topic is the main run's, which goes on with it.
                if let kafka = try? KafkaAdmin(configuration: configuration.kafka(clientID: "suivi-bench"), logger: bench.logger) {
                    try? kafka.deleteTopics([configuration.topics.events, configuration.topics.outcomes,
                        configuration.topics.deadLetters, configuration.topics.checkpoints])
                }
            }
            admin.close()
        }
        try Connections.ensureTopics(configuration, logger: bench.logger)
        let database = try Connections.database(configuration, applicationName: "suivi-bench", migrate: true, logger: bench.logger)
        defer { database.close() }

        let what = checkpoints ? "decider with checkpoints" : "decider without checkpoints, again"
        bench.log("\(what): the same \(commands) commands, database suivi_bench_\(tag)")
        let outcomes = OutcomeCounter(configuration: configuration, logger: bench.logger, partitions: bench.base.partitions, expected: commands)
        let outcomesThread = Thread { outcomes.run() }
        outcomesThread.start()
        while !outcomes.ready.read({ $0 }) { Thread.sleep(forTimeInterval: 0.01) }
        let start = now()
        let worker = try WorkerProcess(
            executable: bench.options.binPath + "/suivi-decider", arguments: [], environment: environment,
            log: NSTemporaryDirectory() + "suivi-bench-\(tag)-suivi-decider.log")
        decider = worker
        try bench.wait(what, timeout: 60 + Double(commands) / 500, workers: [worker]) {
            outcomes.done.read { $0 != nil }
        }
        let (firstAt, firstCount) = outcomes.first.read { $0 } ?? (start, 0)
        let end = outcomes.done.read { $0 }!
        let sustained = Double(commands - firstCount) / max(0.001, end - firstAt)
        bench.log("\(what): \(format(sustained))/s sustained")
        guard checkpoints else { return Result(sustained: sustained, checkpoints: 0, verifySeconds: 0) }

        // The last checkpoint comes at most 30 s after the last event (the documented default).
        let store = CheckpointStore(connection: database)
        try bench.wait("the checkpoints to cover every event", timeout: 45, workers: [worker]) {
            let head = (try? store.ledgerHead()?.position) ?? 0
            let covered = (try? store.latest()?.statement.lastPosition) ?? 0
            return head > 0 && covered >= head
        }
        let checkpoints = try store.checkpoints()
        let covered = checkpoints.map(\.statement.eventCount).reduce(0, +)
        bench.report.checks.append((
            "checkpoints cover every event once", covered == expectedEvents,
            "\(checkpoints.count) checkpoints cover \(covered) of \(expectedEvents) events"
        ))
        worker.stop()
        let verifyStart = now()
        let verify = try runToCompletion(
            bench.options.binPath + "/suivi", ["audit", "verify", "--json", "--public-key", key.publicKeyBase64], environment: environment)
        let verifySeconds = now() - verifyStart
        bench.report.checks.append((
            "audit verify with checkpoints", verify.status == 0, "exit \(verify.status) after \(format(verifySeconds, decimals: 1)) s"
        ))
        return Result(sustained: sustained, checkpoints: checkpoints.count, verifySeconds: verifySeconds)
    }
}
