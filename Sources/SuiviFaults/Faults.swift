import Foundation
import Logging
import SuiviApp
import SuiviDomain
import SuiviKafka
import SuiviPostgres
import SuiviStore
import Synchronization

/// The fault suite's driver (`ops/faults` starts a private broker and PostgreSQL cluster, then runs it):
/// publishes a stream of realistic commands while it kills workers, pauses the broker and restarts
/// PostgreSQL, then checks the end state against an in-memory decision of the same stream.
@main
enum Faults {
    static let environment = ProcessInfo.processInfo.environment
    static var binDirectory: String { environment["SUIVI_BIN_DIR"] ?? ".build/debug" }

    struct Options {
        var commands = 50_000
        var kills = 20
        var pause = 20
        var seed: UInt64 = 42
        var logFolder = NSTemporaryDirectory() + "suivi-faults"
        var gap = 2.5

        init(_ arguments: [String]) throws {
            var iterator = arguments.makeIterator()
            while let argument = iterator.next() {
                func value() throws -> String {
                    guard let next = iterator.next() else { throw Failure("\(argument) needs a value") }
                    return next
                }
                switch argument {
                case "--short": commands = 5_000; kills = 5; pause = 5; gap = 2
                case "--commands": commands = Int(try value()) ?? commands
                case "--kills": kills = Int(try value()) ?? kills
                case "--pause": pause = Int(try value()) ?? pause
                case "--seed": seed = UInt64(try value()) ?? seed
                case "--logs": logFolder = try value()
                default: throw Failure("unknown argument \(argument)")
                }
            }
        }
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    static func main() async {
        do {
            let passed = try await run(try Options(Array(CommandLine.arguments.dropFirst())))
            exit(passed ? 0 : 4)
        } catch {
            FileHandle.standardError.write(Data("[faults] error: \(error)\n".utf8))
            exit(1)
        }
    }

    static func say(_ text: String) { FileHandle.standardError.write(Data("[faults] \(text)\n".utf8)) }

    static func run(_ options: Options) async throws -> Bool {
        let started = ContinuousClock.now
        var logger = Logger(label: "suivi-faults")
        logger.logLevel = .error
        let configuration = try SuiviConfiguration.load()
        try FileManager.default.createDirectory(atPath: options.logFolder, withIntermediateDirectories: true)
        var random = SeededRandom(seed: options.seed)
        let probe = Probe(configuration: configuration, logger: logger)

        // The stream, and what an in-memory decision of it in publish order expects.
        let root = environment["SUIVI_REPO_ROOT"] ?? FileManager.default.currentDirectoryPath
        let workload = try Workload(
            scenario: URL(fileURLWithPath: root + "/Schemas/examples/demo-scenario.ndjson"), atLeast: options.commands)
        let expected = try workload.expected()
        say(
            "\(workload.messages.count) commands (\(workload.uniqueIDs) distinct ids), \(expected.eventCount) events expected"
        )

        try Connections.database(configuration, applicationName: "suivi-faults", migrate: true, logger: logger).close()
        try Connections.ensureTopics(configuration, logger: logger)

        // Two instances of each worker in one consumer group each; small batches, so that a kill often
        // lands inside one.
        var workerEnvironment = environment
        workerEnvironment["SUIVI_BATCH_SIZE"] = "250"
        workerEnvironment["SUIVI_LOG_LEVEL"] = "info"
        // Above the longest time a partition goes unread here, so that a held submission outlives it: a
        // killed decider's partitions wait for the session timeout and a restart, the broker is paused, and
        // in the full run kills follow each other (40 s fell short there: 65 of 50,990 outcomes differed).
        workerEnvironment["SUIVI_DEPENDENCY_WAIT"] =
            environment["SUIVI_DEPENDENCY_WAIT"] ?? (options.commands >= 20_000 ? "120000" : "40000")
        // Checkpoints on (issue 16): the deciders sign with a key of the run, at most 5 s after an event.
        let checkpointKey = AuditSigningKey()
        try AuditFiles.writeFile(Array(checkpointKey.pem.utf8), to: options.logFolder + "/checkpoint.pem", mode: 0o600, exclusive: false)
        workerEnvironment["SUIVI_CHECKPOINT_KEY_FILE"] = options.logFolder + "/checkpoint.pem"
        workerEnvironment["SUIVI_CHECKPOINT_SECONDS"] = environment["SUIVI_CHECKPOINT_SECONDS"] ?? "5"
        let deciders = (1...2).map {
            Worker("suivi-decider", instance: $0, environment: workerEnvironment, logFolder: options.logFolder)
        }
        let projectors = (1...2).map {
            Worker("suivi-projector", instance: $0, environment: workerEnvironment, logFolder: options.logFolder)
        }
        for worker in deciders + projectors { try worker.start() }

        // The publisher: the stream in chunks, spread over the fault schedule.
        var actions: [Fault] =
            Array(repeating: .killDecider, count: options.kills)
            + Array(repeating: .killProjector, count: options.kills)
            + [.pauseBroker, .restartPostgres, .loseInstance]
        actions.shuffle(using: &random)
        let chunks = 80
        let span = Double(actions.count) * options.gap * 1.5 + Double(options.pause)
        let published = Counter()
        let producer = try KafkaProducer(configuration: configuration.kafka(clientID: "suivi-faults"), logger: logger)
        let topic = configuration.topics.commands
        let outgoing = workload.messages.map { OutgoingMessage(topic: topic, key: Array($0.key.utf8), value: $0.value) }
        let chunkSize = (outgoing.count + chunks - 1) / chunks
        let publisher = Task {
            var start = 0
            while start < outgoing.count {
                let chunk = Array(outgoing[start..<min(outgoing.count, start + chunkSize)])
                _ = try await producer.send(chunk)
                published.add(chunk.count)
                start += chunkSize
                try await Task.sleep(for: .milliseconds(Int(span * 1000) / chunks))
            }
        }

        // The faults.
        var injected: [Fault: Int] = [:]
        var notes: [String] = []
        for action in actions {
            try await Task.sleep(
                for: .milliseconds(Int(options.gap * 1000 * Double.random(in: 0.5...1.5, using: &random))))
            switch action {
            case .killDecider, .killProjector:
                let pool = action == .killDecider ? deciders : projectors
                let victim = pool.filter(\.isRunning).randomElement(using: &random) ?? pool[0]
                victim.kill()
                try await Task.sleep(for: .milliseconds(Int.random(in: 0...1500, using: &random)))
                try victim.start()
            case .pauseBroker:
                guard let pid = environment["SUIVI_FAULTS_BROKER_PID"].flatMap({ Int32($0) }) else {
                    throw Failure("SUIVI_FAULTS_BROKER_PID is not set")
                }
                kill(pid, SIGSTOP)
                try await Task.sleep(for: .seconds(options.pause))
                kill(pid, SIGCONT)
            case .restartPostgres:
                // In the middle of a batch: while commands are waiting and being consumed.
                let before = probe.consumed() ?? 0
                var busy = false
                for _ in 0..<100 {
                    try await Task.sleep(for: .milliseconds(50))
                    let now = probe.consumed() ?? 0
                    if now > before && now < Int64(published.value) { busy = true; break }
                }
                try restartPostgres(configuration, logger: logger)
                notes.append(
                    "PostgreSQL restarted \(busy ? "while a batch was in flight" : "(no batch seen in flight)")")
            case .loseInstance:
                // One of the two instances of each worker dies and stays down: the survivors take over.
                deciders[1].kill()
                projectors[1].kill()
                let consumedBefore = probe.consumed() ?? 0
                let appliedBefore = probe.applied() ?? 0
                var tookOver = false
                for _ in 0..<300 {
                    try await Task.sleep(for: .milliseconds(100))
                    if (probe.consumed() ?? 0) > consumedBefore && (probe.applied() ?? 0) > appliedBefore {
                        tookOver = true; break
                    }
                }
                notes.append(
                    "one decider and one projector lost: the survivors \(tookOver ? "carried on" : "made NO progress in 30 s")"
                )
                if !tookOver { injected[.loseInstance, default: 0] -= 1000 }
                try deciders[1].start()
                try projectors[1].start()
            }
            injected[action, default: 0] += 1
        }
        try await publisher.value
        producer.close()
        for worker in deciders + projectors where !worker.isRunning { try worker.start() }
        let faultsDone = ContinuousClock.now
        say("faults injected; waiting for the workers to catch up")

        // Converge: every command consumed, every event projected.
        let total = Int64(workload.messages.count)
        let deadline = ContinuousClock.now + .seconds(options.commands >= 20_000 ? 900 : 300)
        var converged = false
        while ContinuousClock.now < deadline {
            if probe.consumed() == total, probe.held() == 0, let events = probe.events(), let applied = probe.applied(), events == applied,
                events == Int64(expected.eventCount) || probe.settledFor(seconds: 10, events: events)
            {
                converged = true
                break
            }
            for worker in deciders + projectors where !worker.isRunning {
                say(
                    "\(worker.name) exited on its own (status \(worker.process?.terminationStatus ?? -1)); restarting it"
                )
                notes.append("\(worker.name) exited on its own")
                try worker.start()
            }
            try await Task.sleep(for: .milliseconds(250))
        }
        // The deciders sign the last checkpoint when idle, at most SUIVI_CHECKPOINT_SECONDS after the last event.
        let checkpointsDeadline = ContinuousClock.now + .seconds(60)
        while converged, ContinuousClock.now < checkpointsDeadline, !probe.checkpointsCoverTheLedger() {
            try await Task.sleep(for: .milliseconds(250))
        }
        let convergedAt = ContinuousClock.now
        var checks = Checks()
        checks.check(
            "the workers caught up (every command consumed, every event projected)", converged,
            "consumed \(probe.consumed() ?? -1)/\(total), events \(probe.events() ?? -1), applied \(probe.applied() ?? -1)"
        )
        for worker in deciders + projectors {
            let status = worker.terminate()
            checks.check("\(worker.name) stops cleanly on SIGTERM (exit 0)", status == 0, "exit \(status)")
        }
        let database = try PostgresConnection(
            connectionString: configuration.databaseURL, applicationName: "suivi-faults", logger: logger)
        try checks.endState(database, configuration: configuration, expected: expected, workload: workload)
        try checks.checkpoints(database, key: checkpointKey)
        checks.cli("suivi audit verify: every hash chain, the ledger and the checkpoints verify", ["audit", "verify", "--public-key", checkpointKey.publicKeyBase64])
        checks.cli("suivi audit verify --checkpoints-topic: the store matches the checkpoints published", ["audit", "verify", "--checkpoints-topic", "--public-key", checkpointKey.publicKeyBase64])
        checks.cli("suivi rebuild --verify: the read models equal a rebuild from the store", ["rebuild", "--verify"])
        database.close()

        // The summary.
        let seconds = { (d: Duration) in
            String(format: "%.0f", Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18)
        }
        print("")
        print("Suivi fault suite (seed \(options.seed))")
        print(
            "  messages: \(workload.messages.count) commands published (\(workload.uniqueIDs) distinct ids, the rest repeats), "
                + "\(expected.eventCount) events expected; two instances of each worker")
        print("  faults injected:")
        for fault in Fault.allCases { print("    \(fault.label): \(max(0, injected[fault] ?? 0))") }
        print("    worker lives: " + (deciders + projectors).map { "\($0.name) \($0.lives)" }.joined(separator: ", "))
        for note in notes { print("    \(note)") }
        print("  invariants: \(checks.passed) passed, \(checks.failed.count) failed")
        for line in checks.lines { print("    \(line)") }
        print(
            "  time: faults \(seconds(faultsDone - started)) s, catch-up \(seconds(convergedAt - faultsDone)) s, total \(seconds(ContinuousClock.now - started)) s"
        )
        print("  worker logs: \(options.logFolder)")
        return checks.failed.isEmpty
    }

    static func restartPostgres(_ configuration: SuiviConfiguration, logger: Logger) throws {
        if let command = environment["SUIVI_FAULTS_PG_RESTART"], !command.isEmpty {
            // posix_spawn and waitpid rather than Foundation's Process, whose wait did not return here
            // (pg_ctl leaves a daemon behind).
            var pid: pid_t = 0
            let argv: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/sh"), strdup("-c"), strdup(command), nil]
            defer { for pointer in argv { free(pointer) } }
            guard posix_spawn(&pid, "/bin/sh", nil, nil, argv, environ) == 0 else {
                throw Failure("cannot run /bin/sh")
            }
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            guard status == 0 else { throw Failure("restarting PostgreSQL failed (status \(status)): \(command)") }
        } else {
            // A shared server: cut the workers' connections instead of restarting it.
            let connection = try PostgresConnection(
                connectionString: configuration.databaseURL, applicationName: "suivi-faults", logger: logger)
            defer { connection.close() }
            _ = try connection.query(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE 'suivi-%' AND application_name <> 'suivi-faults'"
            )
        }
    }
}

enum Fault: String, CaseIterable, Hashable {
    case killDecider, killProjector, pauseBroker, restartPostgres, loseInstance

    var label: String {
        switch self {
        case .killDecider: "decider SIGKILLed (then restarted)"
        case .killProjector: "projector SIGKILLed (then restarted)"
        case .pauseBroker: "broker paused with SIGSTOP, then SIGCONT"
        case .restartPostgres:
            (Faults.environment["SUIVI_FAULTS_PG_RESTART"] ?? "").isEmpty
                ? "PostgreSQL connections of the workers terminated (pg_terminate_backend; shared server)"
                : "PostgreSQL restarted mid-batch (private cluster, pg_ctl restart -m immediate)"
        case .loseInstance: "one of two instances of each worker lost, survivor took over"
        }
    }
}

/// A count shared with the publishing task.
final class Counter: Sendable {
    private let count = Atomic<Int>(0)
    var value: Int { count.load(ordering: .relaxed) }
    func add(_ n: Int) { count.add(n, ordering: .relaxed) }
}
