import Foundation
import Logging
import SuiviApp
import SuiviDomain
import SuiviKafka
import SuiviPostgres
import SuiviStore

/// A value shared between the benchmark's threads. `@unchecked Sendable`: every access goes through `lock`.
final class Shared<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    func read<T>(_ body: (Value) -> T) -> T { lock.withLock { body(stored) } }
    func update<T>(_ body: (inout Value) -> T) -> T { lock.withLock { body(&stored) } }
}

/// One benchmark run, on its own thread: every call in here may block.
final class Bench {
    let options: BenchOptions
    let base: SuiviConfiguration
    let logger: Logger
    let tag: String
    let configuration: SuiviConfiguration
    let environment: [String: String]
    var report = BenchReport()
    var workers: [WorkerProcess] = []
    /// The machine's CPU through the run, for the CPU figures of each step.
    let cpu = CPUTimeline()
    /// The steps whose CPU the report gives: key, label and interval (``now()``).
    var cpuSteps: [(key: String, label: String, from: Double, to: Double)] = []

    init(options: BenchOptions, base: SuiviConfiguration) {
        self.options = options
        self.base = base
        var logger = Logger(label: "suivi-bench")
        logger.logLevel = .warning
        self.logger = logger
        tag = String(UInt32.random(in: 0x1000_0000...UInt32.max), radix: 16)
        var configuration = base
        configuration.databaseURL = Self.url(base.databaseURL, database: "suivi_bench_\(tag)")
        configuration.topics = Topics(
            commands: "bench-\(tag).commands", events: "bench-\(tag).events", outcomes: "bench-\(tag).outcomes",
            deadLetters: "bench-\(tag).deadletters", checkpoints: "bench-\(tag).checkpoints")
        configuration.deciderGroup = "bench-\(tag)-decider"
        configuration.projectorGroup = "bench-\(tag)-projector"
        self.configuration = configuration
        var environment = ProcessInfo.processInfo.environment
        environment["SUIVI_DATABASE_URL"] = configuration.databaseURL
        environment["SUIVI_TOPIC_COMMANDS"] = configuration.topics.commands
        environment["SUIVI_TOPIC_EVENTS"] = configuration.topics.events
        environment["SUIVI_TOPIC_OUTCOMES"] = configuration.topics.outcomes
        environment["SUIVI_TOPIC_DEADLETTERS"] = configuration.topics.deadLetters
        environment["SUIVI_TOPIC_CHECKPOINTS"] = configuration.topics.checkpoints
        environment["SUIVI_DECIDER_GROUP"] = configuration.deciderGroup
        environment["SUIVI_PROJECTOR_GROUP"] = configuration.projectorGroup
        environment["SUIVI_LOG_LEVEL"] = environment["SUIVI_BENCH_WORKER_LOG_LEVEL"] ?? "warning"
        self.environment = environment
    }

    /// The same connection string with another database.
    static func url(_ url: String, database: String) -> String {
        if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
            let schemeEnd = url.range(of: "://")!.upperBound
            let rest = url[schemeEnd...]
            let queryStart = rest.firstIndex(of: "?") ?? rest.endIndex
            let hostPart = rest[..<queryStart]
            let authority = hostPart.firstIndex(of: "/").map { hostPart[..<$0] } ?? hostPart
            return String(url[..<schemeEnd]) + authority + "/" + database + rest[queryStart...]
        }
        return url + " dbname=\(database)"
    }

    func log(_ text: String) {
        FileHandle.standardError.write(
            Data("[\(format(wallClock().truncatingRemainder(dividingBy: 86_400) / 1, decimals: 1))] \(text)\n".utf8))
    }

    func run() throws -> BenchReport {
        report.parameters = [
            "commands": .int(options.commands), "cases": .int(options.cases), "offeredRate": .int(options.rate),
            "latencySeconds": .int(options.latencySeconds), "partitions": .int(Int(base.partitions)),
            "batchSize": .int(base.batchSize), "tag": .string(tag),
        ]
        let admin = try PostgresConnection(
            connectionString: base.databaseURL, applicationName: "suivi-bench", logger: logger)
        try admin.execute("CREATE DATABASE suivi_bench_\(tag)")
        cpu.start()
        defer {
            cpu.finish()
            for worker in workers { worker.stop() }
            if !options.keep {
                try? admin.execute("DROP DATABASE IF EXISTS suivi_bench_\(tag) WITH (FORCE)")
                if let kafkaAdmin = try? KafkaAdmin(
                    configuration: configuration.kafka(clientID: "suivi-bench"), logger: logger)
                {
                    try? kafkaAdmin.deleteTopics(configuration.topics.all)
                }
            } else {
                log("kept database suivi_bench_\(tag) and topics bench-\(tag).*")
            }
            admin.close()
        }
        try Connections.ensureTopics(configuration, logger: logger)
        let database = try Connections.database(
            configuration, applicationName: "suivi-bench", migrate: true, logger: logger)
        if options.latencyOnly {
            try runLatencyOnly(database)
            addCPUFigures()
            return report
        }

        // 1. The workload and its fold by the domain itself (what the read models must end up equal to).
        log("generating \(options.commands) commands over \(options.cases) cases")
        let workload = Workload.commands(total: options.commands, cases: options.cases, tag: tag)
        let latencyCount = options.rate * options.latencySeconds
        let latencyMessages = (0..<latencyCount).map { Workload.latencyCommand($0, tag: tag) }
        let foldStart = now()
        let (decided, invalid) = DecideProfile.decodeAndDecide(workload)
        var processor = decided
        let foldSeconds = now() - foldStart
        let expectedEvents = processor.events.count
        let expectedAccepted = processor.answers.filter { $0.outcome.status == .accepted }.count
        report.checks.append(
            ("workload valid", invalid == 0, "\(invalid) of \(workload.count) generated commands fail the schema"))
        let (expectedVersions, expectedActivities) = Self.expectedReadModels(&processor, then: latencyMessages)
        log("workload: \(workload.count) commands, \(expectedAccepted) accepted, \(expectedEvents) events expected")
        report.parameters["expectedEvents"] = .int(expectedEvents)
        report.parameters["expectedAccepted"] = .int(expectedAccepted)
        let decideLimit = Double(workload.count) / foldSeconds

        // 2. Publish everything, then the raw consume rate of the same topic.
        let producer = try KafkaProducer(configuration: configuration.kafka(clientID: "suivi-bench"), logger: logger)
        let publishStart = now()
        try publish(producer, workload)
        let publishSeconds = now() - publishStart
        log("published in \(format(publishSeconds, decimals: 2)) s")
        let consumeSeconds = try rawConsume(topic: configuration.topics.commands, count: workload.count)
        let consumeRate = Double(workload.count) / consumeSeconds
        log("raw consume: \(format(consumeRate)) messages/s")

        // 3. The decider: started after everything is published; done when every outcome is published.
        let outcomes = OutcomeCounter(
            configuration: configuration, logger: logger, partitions: base.partitions, expected: workload.count)
        let outcomesThread = Thread { outcomes.run() }
        outcomesThread.start()
        while !outcomes.ready.read({ $0 }) { Thread.sleep(forTimeInterval: 0.01) }
        let deciderStart = now()
        let decider = try startWorker("suivi-decider")
        var deciderRSS = RSSCurve()
        var lastSample = 0.0
        try wait("decider", timeout: 60 + Double(workload.count) / 500, workers: [decider]) {
            if now() - lastSample >= 0.25 {
                deciderRSS.add(work: outcomes.seen.read { $0 }, kibibytes: decider.currentRSS())
                lastSample = now()
            }
            return outcomes.done.read { $0 != nil }
        }
        let (firstAt, firstCount) = outcomes.first.read { $0 } ?? (deciderStart, 0)
        let deciderEnd = outcomes.done.read { $0 }!
        let deciderSustained = Double(workload.count - firstCount) / max(0.001, deciderEnd - firstAt)
        cpuSteps.append(("cpuDecider", "decider, sustained", firstAt, deciderEnd))
        let deciderTotal = Double(workload.count) / (deciderEnd - deciderStart)
        log("decider: \(format(deciderSustained))/s sustained, \(format(deciderTotal))/s from start")
        let stored = try database.query(
            "SELECT (SELECT count(*) FROM suivi.outcomes) AS o, (SELECT count(*) FROM suivi.events) AS e")[0]
        report.checks.append(
            (
                "outcomes stored", try stored.int("o") == Int64(workload.count),
                "\(try stored.int("o")) of \(workload.count)"
            ))
        report.checks.append(
            (
                "events stored", try stored.int("e") == Int64(expectedEvents),
                "\(try stored.int("e")) of \(expectedEvents)"
            ))
        let acceptedStored = try database.query("SELECT count(*) AS n FROM suivi.outcomes WHERE status = 'accepted'")[0]
            .int("n")
        report.checks.append(
            (
                "accepted as the domain's fold", acceptedStored == Int64(expectedAccepted),
                "\(acceptedStored) of \(expectedAccepted)"
            ))

        // 3b. The decider again over the same commands with checkpoints on (its own database and group).
        // And once more without, so that the run with checkpoints is bracketed by two without.
        let checkpointed = try CheckpointedDeciderRun(bench: self, commands: workload.count, expectedEvents: expectedEvents).run()
        let again = try CheckpointedDeciderRun(
            bench: self, commands: workload.count, expectedEvents: expectedEvents, checkpoints: false
        ).run()

        // 3c. The decider's outside baseline: Message DB's batched append, on the same machine now.
        let baselines = Baselines(environment: environment)
        if baselines == nil { log("outside baselines skipped: SUIVI_PYTHON and SUIVI_BASELINES_DIR are not set (ops/bench sets them)") }
        let messageDBMessages = options.quick ? 5_000 : 50_000
        let messageDB = try baselines.map { baselines in
            log("Message DB: \(messageDBMessages) messages over \(messageDBMessages / 25) streams, 1,000 per transaction")
            let start = now()
            let rate = try baselines.messageDBAppend(
                dsn: configuration.databaseURL, messages: messageDBMessages, streams: messageDBMessages / 25, batch: 1_000)
            cpuSteps.append(("cpuMessageDB", "Message DB append", start, now()))
            log("Message DB: \(format(rate)) messages/s")
            return rate
        }

        // 4. The projector: started after the decider finished; done when its offsets cover every event.
        let projectorStart = now()
        let projector = try startWorker("suivi-projector")
        var projectorFirst: (Double, Int64)? = nil
        var projectorEnd = 0.0
        var projectorRSS = RSSCurve()
        try wait("projector", timeout: 60 + Double(expectedEvents) / 1000, workers: [projector]) {
            let applied = projectorApplied(database)
            projectorRSS.add(work: Int(applied), kibibytes: projector.currentRSS())
            if applied > 0 && projectorFirst == nil { projectorFirst = (now(), applied) }
            if applied >= Int64(expectedEvents) {
                projectorEnd = now()
                return true
            }
            return false
        }
        let (projectorFirstAt, projectorFirstCount) = projectorFirst ?? (projectorStart, 0)
        let projectorSustained =
            Double(Int64(expectedEvents) - projectorFirstCount) / max(0.001, projectorEnd - projectorFirstAt)
        cpuSteps.append(("cpuProjector", "projector, sustained", projectorFirstAt, projectorEnd))
        let projectorTotal = Double(expectedEvents) / (projectorEnd - projectorStart)
        log("projector: \(format(projectorSustained))/s sustained, \(format(projectorTotal))/s from start")
        let eventsConsumeSeconds = try rawConsume(topic: configuration.topics.events, count: expectedEvents)
        let eventsConsumeRate = Double(expectedEvents) / eventsConsumeSeconds
        let readModelTables = try self.readModelTables(database)
        let readModelRows = try readModelTables.reduce(0) { total, table in
            total + Int(try database.query("SELECT count(*) AS n FROM \(unescaped: table)")[0].int("n"))
        }
        log("read models: \(readModelRows) rows in \(readModelTables.count) tables for \(expectedEvents) events")

        // 4b. The projector's outside baseline: a plain Python projector over the same events topic.
        let pythonProjector = try baselines.map { baselines in
            log("Python projector over the same \(expectedEvents) events")
            let start = now()
            defer { cpuSteps.append(("cpuPythonProjector", "Python projector", start, now())) }
            let rate = try baselines.pythonProjector(
                bootstrap: base.kafkaBrokers, topic: configuration.topics.events, dsn: configuration.databaseURL,
                expected: expectedEvents)
            log("Python projector: \(format(rate)) ev/s")
            return rate
        }

        // 5. End-to-end latency at a fixed offered rate, both workers running.
        let (latency, relay) = try measureLatency(
            database, producer: producer, messages: latencyMessages,
            expected: (expectedVersions, expectedActivities))

        // 6. Rebuilds, from the store and from the topic (the CLI's own figures).
        var start = now()
        let storeRebuild = try rebuild(source: "store")
        cpuSteps.append(("cpuRebuildStore", "rebuild from the store", start, now()))
        start = now()
        let topicRebuild = try rebuild(source: "topic")
        cpuSteps.append(("cpuRebuildTopic", "rebuild from the topic", start, now()))
        try checkReadModels(
            database, expectedVersions: expectedVersions, expectedActivities: expectedActivities, when: "after rebuilds"
        )

        // 7. The raw COPY rate of the same rows into plain tables with the same indexes: the decider's (events
        // and outcomes) and the projector's (every read model).
        start = now()
        let eventsCopy = try rawCopy(database, table: "suivi.events")
        let outcomesCopy = try rawCopy(database, table: "suivi.outcomes")
        let copyRate = Double(eventsCopy.rows) / eventsCopy.seconds
        let deciderCopyRate = Double(eventsCopy.rows + outcomesCopy.rows) / (eventsCopy.seconds + outcomesCopy.seconds)
        var readModelCopy = (rows: 0, seconds: 0.0)
        for table in readModelTables {
            let copied = try rawCopy(database, table: table)
            readModelCopy = (readModelCopy.rows + copied.rows, readModelCopy.seconds + copied.seconds)
        }
        let readModelCopyRate = Double(readModelCopy.rows) / max(0.001, readModelCopy.seconds)
        cpuSteps.append(("cpuRawCopy", "raw COPY (all the limits' tables)", start, now()))
        log("raw COPY: events \(format(copyRate)) rows/s, events and outcomes \(format(deciderCopyRate)) rows/s, read models \(format(readModelCopyRate)) rows/s")

        for worker in workers { worker.stop() }
        producer.close()
        database.close()

        report.add(
            Figure(
                key: "publish", label: "publish (producer, acks=all)", value: Double(workload.count) / publishSeconds,
                unit: "msg/s"))
        report.add(Figure(key: "rawConsume", label: "raw consume, commands topic", value: consumeRate, unit: "msg/s"))
        report.add(
            Figure(
                key: "decideInMemory", label: "decode+decide in memory (1 core)", value: decideLimit, unit: "cmd/s",
                goal: .atLeast(100_000)))
        let rowsPerCommand = Double(expectedEvents + workload.count) / Double(workload.count)
        report.add(
            Figure(
                key: "decider", label: "decider, sustained", value: deciderSustained, unit: "cmd/s", limit: consumeRate,
                limitLabel: "raw consume",
                note:
                    "from the first published outcome to the last; decode+decide in memory alone: \(format(decideLimit))/s"
            ))
        report.add(
            Figure(
                key: "deciderRows", label: "decider, rows written", value: deciderSustained * rowsPerCommand, unit: "rows/s",
                limit: deciderCopyRate, limitLabel: "raw COPY of events+outcomes", goal: .atLeast(0.6 * deciderCopyRate),
                note:
                    "events and outcomes (\(format(rowsPerCommand, decimals: 2)) rows a command); target: >= 60% of the same run's raw COPY of the same rows"
            ))
        if let messageDB {
            report.add(
                Figure(
                    key: "deciderVsMessageDB", label: "decider against Message DB", value: deciderSustained,
                    unit: "cmd/s", limit: messageDB, limitLabel: "Message DB 1.3.0 append, 1,000 a transaction",
                    goal: .atLeast(1.5 * messageDB),
                    note:
                        "ops/baselines/messagedb_append.py, \(messageDBMessages) messages, same run; target: >= 1.5 times it"
                ))
        }
        report.add(
            Figure(
                key: "deciderCheckpoints", label: "decider, sustained, checkpoints on", value: checkpointed.sustained,
                unit: "cmd/s", limit: (deciderSustained + again.sustained) / 2, limitLabel: "decider without (mean of 2)",
                note:
                    "same commands, same run, between two runs without (\(format(deciderSustained)), \(format(again.sustained)) cmd/s); "
                    + "signed every 10,000 events or 30 s (\(checkpointed.checkpoints) checkpoints); "
                    + "cost \(format(100 * (1 - 2 * checkpointed.sustained / max(1, deciderSustained + again.sustained)), decimals: 1))%; "
                    + "the ledger is on in both; audit verify of the whole store took \(format(checkpointed.verifySeconds, decimals: 1)) s"))
        report.add(
            Figure(
                key: "deciderAgain", label: "decider, sustained, without again", value: again.sustained, unit: "cmd/s",
                note: "its own database and group, after the run with checkpoints"))
        report.add(
            Figure(
                key: "deciderFromStart", label: "decider, from process start", value: deciderTotal, unit: "cmd/s",
                limit: consumeRate, limitLabel: "raw consume",
                note: "includes process start and the consumer-group join"))
        report.add(
            Figure(
                key: "projector", label: "projector, sustained", value: projectorSustained, unit: "ev/s",
                limit: eventsConsumeRate, limitLabel: "raw consume"))
        if let pythonProjector {
            report.add(
                Figure(
                    key: "projectorVsPython", label: "projector against a plain Python one", value: projectorSustained,
                    unit: "ev/s", limit: pythonProjector, limitLabel: "ops/baselines/python_projector.py",
                    goal: .atLeast(1.4 * pythonProjector),
                    note: "same events topic, same run; target: >= 1.4 times it"))
        }
        let rowsPerEvent = Double(readModelRows) / Double(max(1, expectedEvents))
        report.add(
            Figure(
                key: "projectorRows", label: "projector, rows written", value: projectorSustained * rowsPerEvent,
                unit: "rows/s", limit: readModelCopyRate, limitLabel: "raw COPY of the read models",
                goal: .atLeast(0.5 * readModelCopyRate),
                note:
                    "\(readModelRows) read-model rows for \(expectedEvents) events (\(format(rowsPerEvent, decimals: 2)) an event); target: >= 50% of the same run's raw COPY of those rows"
            ))
        report.add(
            Figure(
                key: "projectorFromStart", label: "projector, from process start", value: projectorTotal, unit: "ev/s",
                limit: eventsConsumeRate, limitLabel: "raw consume"))
        report.add(Figure(key: "rawCopy", label: "raw COPY, same rows (events)", value: copyRate, unit: "rows/s"))
        report.add(
            Figure(
                key: "rawCopyDecider", label: "raw COPY, events and outcomes", value: deciderCopyRate, unit: "rows/s"))
        report.add(
            Figure(
                key: "rawCopyReadModels", label: "raw COPY, read-model rows", value: readModelCopyRate, unit: "rows/s",
                note: "\(readModelCopy.rows) rows of \(readModelTables.count) tables, each into a copy with its indexes"))
        report.add(
            Figure(
                key: "rebuildStore", label: "rebuild from store", value: storeRebuild, unit: "ev/s",
                limit: readModelCopyRate, limitLabel: "raw COPY of the read-model rows",
                goal: .atLeast(readModelCopyRate),
                note: "target: events read per second >= the same run's raw COPY rate of the rows they fold to"))
        report.add(
            Figure(
                key: "rebuildTopic", label: "rebuild from topic", value: topicRebuild, unit: "ev/s",
                limit: eventsConsumeRate,
                limitLabel: "raw consume"))
        addLatencyFigures(latency, relay: relay)
        report.add(
            Figure(
                key: "deciderPeakRSS", label: "decider peak RSS", value: Double(decider.peakRSSKiB) / 1024, unit: "MiB",
                goal: .atMost(150)))
        report.add(
            Figure(
                key: "projectorPeakRSS", label: "projector peak RSS", value: Double(projector.peakRSSKiB) / 1024,
                unit: "MiB",
                goal: .atMost(150)))
        for (key, label, curve, work) in [
            ("deciderRSSSlope", "decider RSS slope", deciderRSS, "commands"),
            ("projectorRSSSlope", "projector RSS slope", projectorRSS, "events"),
        ] {
            guard let slope = curve.slopePer100k else { continue }
            report.add(
                Figure(
                    key: key, label: label, value: slope, unit: "MiB/100k", goal: .atMost(1),
                    note:
                        "least squares over the second half of \(curve.samples.count) samples of VmRSS against \(work) done (every 0.25 s); flat: at most 1 MiB per 100,000 \(work)"
                ))
        }
        report.checks.append(
            ("latency commands visible", latency.matched == latencyCount, "\(latency.matched) of \(latencyCount)"))
        addCPUFigures()
        return report
    }

    /// Each step's CPU: how busy the machine was (all cores) and the cores each program used, so that a
    /// figure short of its target says whether the machine had CPU left and who spent it.
    func addCPUFigures() {
        for step in cpuSteps {
            guard let usage = cpu.usage(from: step.from, to: step.to) else { continue }
            log("CPU, \(step.label): \(usage.summary)")
            report.add(
                Figure(
                    key: step.key, label: "CPU busy, \(step.label)", value: usage.busy * 100, unit: "%",
                    note: "\(format(usage.seconds, decimals: 1)) s; \(usage.summary)"))
        }
    }

    /// The latency run's figures: end-to-end percentiles, then each leg's.
    func addLatencyFigures(_ latency: LatencyRun.Result, relay: BrokerRelayRun.Result) {
        report.add(Figure(key: "latencyP50", label: "end-to-end p50", value: latency.p50, unit: "ms"))
        report.add(Figure(key: "latencyP95", label: "end-to-end p95", value: latency.p95, unit: "ms"))
        report.add(
            Figure(
                key: "latencyP99", label: "end-to-end p99", value: latency.p99, unit: "ms",
                limit: relay.p99, limitLabel: "two bare broker hops, p99", goal: .atMost(50),
                note:
                    "offered \(format(latency.offeredRate)) cmd/s; read-model visibility sampled every \(format(latency.pollMilliseconds, decimals: 1)) ms"
                    + "; the limit is the broker relay's p99 (see brokerRelayP99)"
            ))
        report.add(
            Figure(
                key: "brokerRelayP50", label: "  two bare broker hops p50", value: relay.p50, unit: "ms",
                note: "the same records at the same rate, relayed by bare clients with the workers' settings"))
        report.add(
            Figure(
                key: "brokerRelayP99", label: "  two bare broker hops p99", value: relay.p99, unit: "ms",
                note:
                    "offered \(format(relay.offeredRate)) records/s, \(relay.matched) measured; the floor under end-to-end: "
                    + "a command crosses the same two hops (commands to the decider, events to the projector)"))
        // Where the latency goes: three legs, each with its own percentiles (they do not add up exactly).
        for (index, leg) in latency.legs.enumerated() {
            report.add(Figure(key: "latencyLeg\(index + 1)P50", label: "  \(leg.name) p50", value: leg.p50, unit: "ms"))
            report.add(Figure(key: "latencyLeg\(index + 1)P99", label: "  \(leg.name) p99", value: leg.p99, unit: "ms"))
        }
    }

    /// Events the projector has committed: the sum of its stored next offsets (0 when unreadable).
    func projectorApplied(_ database: PostgresConnection) -> Int64 {
        (try? database.query(
            """
            SELECT coalesce(sum(next_offset), 0)::bigint AS n FROM suivi_read.projector_offsets WHERE group_id = \(configuration.projectorGroup)
            """)[0].int("n")) ?? 0
    }

    // MARK: - Steps

    func startWorker(_ name: String) throws -> WorkerProcess {
        let worker = try WorkerProcess(
            executable: options.binPath + "/" + name, arguments: [], environment: environment,
            log: NSTemporaryDirectory() + "suivi-bench-\(tag)-\(name).log")
        workers.append(worker)
        return worker
    }

    /// Polls `done` every 20 ms, sampling the workers' RSS; fails if a worker exits or time runs out.
    func wait(_ what: String, timeout: Double, workers: [WorkerProcess], until done: () -> Bool) throws {
        let deadline = now() + timeout
        var sampled = 0.0
        while !done() {
            if now() > deadline { throw BenchError("\(what) did not finish within \(Int(timeout)) s") }
            for worker in workers where !worker.isRunning {
                throw BenchError(
                    "\(worker.name) exited early; see \(NSTemporaryDirectory())suivi-bench-\(tag)-\(worker.name).log")
            }
            if now() - sampled > 0.2 {
                for worker in self.workers { worker.samplePeakRSS() }
                sampled = now()
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        for worker in self.workers { worker.samplePeakRSS() }
    }

    func publish(_ producer: KafkaProducer, _ messages: [Workload.Message]) throws {
        let topic = configuration.topics.commands
        var start = 0
        while start < messages.count {
            let end = min(messages.count, start + 50_000)
            let chunk = messages[start..<end].map { OutgoingMessage(topic: topic, key: $0.key, value: $0.value) }
            _ = try blocking { try await producer.send(chunk) }
            start = end
        }
    }

    /// A bare consumer with manual assignment: seconds to read `count` messages of a topic from the start.
    func rawConsume(topic: String, count: Int) throws -> Double {
        let consumer = try KafkaConsumer(
            configuration: configuration.kafka(clientID: "suivi-bench-raw"), logger: logger)
        defer { consumer.close() }
        let start = now()
        try consumer.assign(
            (0..<base.partitions).map {
                TopicPartitionOffset(topic: topic, partition: $0, offset: TopicPartitionOffset.beginning)
            })
        var seen = 0
        let deadline = now() + 120
        while seen < count && now() < deadline {
            seen += try consumer.poll(maxMessages: 10_000, timeout: .milliseconds(100)).count
        }
        guard seen >= count else { throw BenchError("raw consume of \(topic) saw \(seen) of \(count) messages") }
        return now() - start
    }

    /// The latency run at the offered rate, both workers running; then each worker's peak RSS and the
    /// read models checked against the domain's fold.
    func measureLatency(
        _ database: PostgresConnection, producer: KafkaProducer, messages: [Workload.Message],
        expected: (versions: [String: Int], activities: Int)
    ) throws -> (latency: LatencyRun.Result, relay: BrokerRelayRun.Result) {
        log("broker relay: \(messages.count) records at \(options.rate)/s over two bare hops")
        var start = now()
        let relay = try BrokerRelayRun(bench: self, producer: producer, messages: messages).run()
        cpuSteps.append(("cpuBrokerRelay", "two bare broker hops", start, now()))
        // A p99 over part of the records would flatter the limit.
        report.checks.append(
            ("two bare broker hops delivered every record", relay.matched == messages.count,
             "\(relay.matched) of \(messages.count)"))
        log("broker relay: p50 \(format(relay.p50, decimals: 1)) ms, p99 \(format(relay.p99, decimals: 1)) ms")
        log("latency run: \(messages.count) commands at \(options.rate)/s")
        start = now()
        let latency = try LatencyRun(bench: self, database: database, producer: producer, messages: messages).run()
        cpuSteps.append(("cpuLatency", "latency run", start, now()))
        for worker in workers { worker.samplePeakRSS() }
        try checkReadModels(
            database, expectedVersions: expected.versions, expectedActivities: expected.activities,
            when: "after projection")
        return (latency, relay)
    }

    /// Decides the latency run's commands after the workload, as the domain alone would: each stream's
    /// final version and the activities the read models must end up holding.
    static func expectedReadModels(
        _ processor: inout CommandProcessor, then latencyMessages: [Workload.Message]
    ) -> (versions: [String: Int], activities: Int) {
        for (offset, message) in latencyMessages.enumerated() {
            if case .success(let command) = CommandDecoder.decode(message.value) {
                processor.process(.init(command: command, partition: 0, offset: Int64(offset)))
            }
        }
        return (
            processor.heads.mapValues(\.state.version),
            processor.events.filter { $0.recorded.event.typeName == "ActivityRecorded" }.count
        )
    }

    func rebuild(source: String) throws -> Double {
        log("rebuild from the \(source)")
        let result = try runToCompletion(
            options.binPath + "/suivi", ["rebuild", "--source", source, "--json"], environment: environment)
        guard result.status == 0, let json = try? JSONParser.parse(result.output),
            case .number(let rate)? = json["eventsPerSecond"], let value = Double(rate)
        else {
            throw BenchError(
                "suivi rebuild --source \(source) failed (exit \(result.status)): \(result.output.prefix(300))")
        }
        log("rebuild from the \(source): \(rate) events/s")
        return value
    }

    /// The read models' tables, without the projector's own bookkeeping (offsets, statistics).
    func readModelTables(_ database: PostgresConnection) throws -> [String] {
        try database.query(
            """
            SELECT table_name AS t FROM information_schema.tables
            WHERE table_schema = 'suivi_read' AND table_type = 'BASE TABLE' AND table_name NOT IN ('projector_offsets', 'projection_stats')
            ORDER BY table_name
            """
        ).rows.map { "suivi_read." + database.quoteIdentifier(try $0.string("t")) }
    }

    /// The rows of a table sent with COPY into a plain copy of it (same columns, defaults, constraints and
    /// indexes): rows and seconds.
    func rawCopy(_ database: PostgresConnection, table: String) throws -> (rows: Int, seconds: Double) {
        let result = try database.query("SELECT * FROM \(unescaped: table)")
        let columns = result.columns
        var chunks: [[UInt8]] = []
        var chunk: [UInt8] = []
        chunk.reserveCapacity(300_000)
        for index in 0..<result.count {
            let row = result[index]
            for column in 0..<columns.count {
                if column > 0 { chunk.append(0x09) }
                guard let text = row[column] else {
                    chunk.append(contentsOf: Array("\\N".utf8))
                    continue
                }
                for byte in text.utf8 {
                    switch byte {
                    case 0x5C: chunk.append(0x5C); chunk.append(0x5C)
                    case 0x09: chunk.append(0x5C); chunk.append(UInt8(ascii: "t"))
                    case 0x0A: chunk.append(0x5C); chunk.append(UInt8(ascii: "n"))
                    case 0x0D: chunk.append(0x5C); chunk.append(UInt8(ascii: "r"))
                    default: chunk.append(byte)
                    }
                }
            }
            chunk.append(0x0A)
            if chunk.count >= 256 * 1024 {
                chunks.append(chunk)
                chunk.removeAll(keepingCapacity: true)
            }
        }
        chunks.append(chunk)
        try database.execute(
            """
            DROP TABLE IF EXISTS public.bench_copy;
            CREATE TABLE public.bench_copy (LIKE \(table) INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)
            """)
        let start = now()
        let rows = try database.copyIn(
            "COPY public.bench_copy (\(columns.map { database.quoteIdentifier($0) }.joined(separator: ", "))) FROM STDIN",
            chunks: chunks)
        let seconds = now() - start
        try database.execute("DROP TABLE public.bench_copy")
        guard rows == result.count else { throw BenchError("raw COPY of \(table) wrote \(rows) of \(result.count) rows") }
        return (rows, seconds)
    }

    func checkReadModels(
        _ database: PostgresConnection, expectedVersions: [String: Int], expectedActivities: Int, when: String
    ) throws {
        var actual: [String: Int] = [:]
        for row in try database.query("SELECT stream_id, version FROM suivi_read.stream_versions").rows {
            actual[try row.string("stream_id")] = Int(try row.int("version"))
        }
        let wrong =
            expectedVersions.filter { actual[$0.key] != $0.value }.count
            + actual.keys.filter { expectedVersions[$0] == nil }.count
        report.checks.append(
            (
                "stream versions \(when)", wrong == 0,
                "\(expectedVersions.count) streams expected from the fold, \(actual.count) in the read model, \(wrong) differ"
            ))
        let activities = try database.query("SELECT count(*) AS n FROM suivi_read.activities")[0].int("n")
        report.checks.append(
            ("activities \(when)", activities == Int64(expectedActivities), "\(activities) of \(expectedActivities)"))
        let held = try database.query(
            "SELECT count(*) AS n FROM suivi_read.regional_consultations WHERE status = 'held'")[0].int("n")
        report.checks.append(("regional consultations held \(when)", held == 5, "\(held) of 5"))
    }
}

/// Waits for an async call from a thread outside the cooperative pool.
func blocking<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
    let result = Shared<Result<T, any Error>?>(nil)
    let semaphore = DispatchSemaphore(value: 0)
    Task {
        let value: Result<T, any Error>
        do { value = .success(try await body()) } catch { value = .failure(error) }
        result.update { $0 = value }
        semaphore.signal()
    }
    semaphore.wait()
    return try result.read { $0! }.get()
}

/// Counts the outcomes published on the outcomes topic: when the first arrived, when all had.
final class OutcomeCounter: Sendable {
    let configuration: SuiviConfiguration
    let logger: Logger
    let partitions: Int32
    let expected: Int
    let ready = Shared(false)
    let first = Shared<(Double, Int)?>(nil)
    let done = Shared<Double?>(nil)
    let seen = Shared(0)

    init(configuration: SuiviConfiguration, logger: Logger, partitions: Int32, expected: Int) {
        self.configuration = configuration
        self.logger = logger
        self.partitions = partitions
        self.expected = expected
    }

    func run() {
        do {
            let consumer = try KafkaConsumer(
                configuration: configuration.kafka(clientID: "suivi-bench-outcomes"), logger: logger)
            defer { consumer.close() }
            let topic = configuration.topics.outcomes
            try consumer.assign(
                (0..<partitions).map {
                    TopicPartitionOffset(topic: topic, partition: $0, offset: TopicPartitionOffset.beginning)
                })
            ready.update { $0 = true }
            var seen = 0
            let deadline = now() + 3_600
            while seen < expected && now() < deadline {
                let batch = try consumer.poll(maxMessages: 10_000, timeout: .milliseconds(5))
                if batch.isEmpty { continue }
                seen += batch.count
                let count = seen
                self.seen.update { $0 = count }
                if first.read({ $0 == nil }) { first.update { $0 = (now(), seen) } }
            }
            done.update { $0 = now() }
        } catch {
            ready.update { $0 = true }
            logger.error("outcome counter failed", metadata: ["error": "\(error)"])
        }
    }
}
