import ArgumentParser
import SuiviApp
import SuiviOperations
import SuiviStore

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show lag per worker group and partition, the workers' heartbeats, stored events, outcomes and dead letters.",
        discussion: """
            Lag is the broker's high watermark minus the offset stored in PostgreSQL with each batch. A worker is \
            alive when its heartbeat is younger than 20 s. As a health check: exit 4 when --max-lag, --max-parked \
            or --require-workers is not met (each problem on its own line on stderr), 5 when the database cannot \
            be reached.
            """)

    @Flag(help: "Print JSON for scripts.")
    var json = false

    @Option(help: "Exit 4 when the total lag exceeds this.")
    var maxLag: Int64?

    @Option(help: "Exit 4 when more dead letters than this are parked.")
    var maxParked: Int64?

    @Flag(help: "Exit 4 unless a live decider and a live projector are seen.")
    var requireWorkers = false

    func run() async throws {
        let context = CLIContext.load()
        let connection = context.database()
        let status = CLIContext.reporting { try SystemStatus.gather(context.configuration, connection: connection, logger: context.logger) }
        if json {
            print(status.json.prettyText())
        } else {
            print(Self.text(status))
        }
        let problems = status.problems(
            .init(maxLag: maxLag, maxParked: maxParked, requireWorkers: requireWorkers),
            deciderGroup: context.configuration.deciderGroup, projectorGroup: context.configuration.projectorGroup)
        for problem in problems { CLIContext.eprint("suivi: unhealthy: \(problem)") }
        if !problems.isEmpty { throw ExitCode(Failure.ExitCode.checkFailed.rawValue) }
    }

    static func text(_ status: SystemStatus) -> String {
        let store = status.store
        var lines = [
            "events stored   \(store.events) (last position \(store.lastPosition))",
            "outcomes        \(store.accepted) accepted, \(store.rejected) rejected, \(store.invalid) invalid (dead-lettered)",
            "held commands   \(status.heldTotal)" + (status.held.first.map {
                " (oldest: \($0.commandID) on \($0.streamID), held \(String(format: "%.1f", Double(status.now.microseconds - $0.since.microseconds) / 1e6)) s)"
            } ?? ""),
            "dead letters    \(store.parkedDeadLetters) parked" + (status.parkedByConsumer.isEmpty ? "" :
                " (" + status.parkedByConsumer.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + ")"),
            "",
        ]
        if let error = status.brokerError { lines.append("broker: not reachable (\(error)); lag unknown") }
        let table = TextTable(
            headers: ["GROUP", "TOPIC", "PARTITION", "STORED", "HIGH", "LAG"],
            rows: status.partitions.map { lag in
                [lag.group, lag.topic, String(lag.partition), String(lag.stored), lag.high.map(String.init) ?? "?", lag.lag.map(String.init) ?? "?"]
            })
        lines.append(table.rendered)
        lines.append("total lag: \(status.totalLag.map(String.init) ?? "unknown")")
        lines.append("")
        if status.workers.isEmpty {
            lines.append("workers: none has reported a heartbeat")
        } else {
            lines.append(TextTable(
                headers: ["WORKER", "INSTANCE", "GROUP", "ALIVE", "SEEN", "LAST MESSAGE", "PROCESSED", "PARTITIONS"],
                rows: status.workers.map { worker in
                    let beat = worker.heartbeat
                    return [beat.worker, beat.instance, beat.group, worker.alive ? "yes" : "NO", "\(Int(worker.secondsSinceSeen))s ago",
                        beat.lastMessageAt?.rfc3339 ?? "-", String(beat.processed), beat.partitions.map(String.init).joined(separator: ",")]
                }).rendered)
        }
        if !status.held.isEmpty {
            lines.append("")
            lines.append("held while the streams they read catch up (decided again as they change, rejected after SUIVI_DEPENDENCY_WAIT):")
            lines.append(TextTable(
                headers: ["COMMAND", "SUBJECT", "GROUP", "PARTITION", "OFFSET", "HELD FOR"],
                rows: status.held.map { row in
                    [row.commandID, row.streamID, row.group, String(row.partition), String(row.offset),
                     String(format: "%.1f s", Double(max(0, status.now.microseconds - row.since.microseconds)) / 1e6)]
                }).rendered)
            if status.heldTotal > status.held.count { lines.append("(\(status.heldTotal - status.held.count) more held)") }
        }
        for (group, counts) in store.projected.sorted(by: { $0.key < $1.key }) {
            lines.append("projected by \(group): \(counts.applied) applied, \(counts.skipped) skipped as already applied")
        }
        return lines.joined(separator: "\n")
    }
}
