import Foundation
import SuiviDomain

/// The outside baselines of issue 13 (`ops/baselines`), run in the same run on the same machine:
/// Message DB's batched append (the decider's) and a plain Python projector (the projector's). Each
/// script prints one JSON line; `ops/bench` installs their packages and sets `SUIVI_PYTHON` and
/// `SUIVI_BASELINES_DIR`. Without them (`suivi-bench` run directly) the baselines are skipped, said once.
struct Baselines {
    let python: String
    let directory: String
    let environment: [String: String]

    init?(environment: [String: String]) {
        guard let python = environment["SUIVI_PYTHON"], !python.isEmpty,
            let directory = environment["SUIVI_BASELINES_DIR"], !directory.isEmpty
        else { return nil }
        self.python = python
        self.directory = directory
        self.environment = environment
    }

    /// Message DB 1.3.0's `write_message`, `batch` calls per transaction, in a database of its own beside `dsn`'s.
    func messageDBAppend(dsn: String, messages: Int, streams: Int, batch: Int) throws -> Double {
        try rate(
            "messagedb_append.py",
            ["--dsn", dsn, "--messages", String(messages), "--streams", String(streams), "--batch", String(batch)],
            member: "messagesPerSecond")
    }

    /// The plain Python projector over an events topic, from its start until `expected` events, in batches of
    /// at most 5,000 (fewer in a short run: its rate is measured after its first batch).
    func pythonProjector(bootstrap: String, topic: String, dsn: String, expected: Int) throws -> Double {
        try rate(
            "python_projector.py",
            [
                "--bootstrap", bootstrap, "--topic", topic, "--dsn", dsn, "--expected", String(expected),
                "--batch", String(min(5_000, max(100, expected / 4))),
            ],
            member: "eventsPerSecond")
    }

    private func rate(_ script: String, _ arguments: [String], member: String) throws -> Double {
        let result = try runToCompletion(python, [directory + "/" + script] + arguments, environment: environment)
        let line = result.output.split(separator: "\n").last.map(String.init) ?? ""
        guard result.status == 0, let json = try? JSONParser.parse(line), case .number(let text)? = json[member],
            let value = Double(text)
        else {
            throw BenchError(
                "baseline \(script) failed (exit \(result.status)): \(line.prefix(300)); see its log above, or run it alone as ops/baselines/README.md shows")
        }
        return value
    }
}
