import ArgumentParser
import SuiviApp
import SuiviStore

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show progress as the database records it: events stored, outcomes, dead letters, offsets per group.",
        discussion: """
            Exit 0 normally. With --max-parked N, exit 4 (check failed) when more than N dead letters are parked, so that the \
            command can serve as a health check.
            """)

    @Flag(help: "Print JSON for scripts.")
    var json = false

    @Option(help: "Exit 4 when more dead letters than this are parked.")
    var maxParked: Int64?

    func run() async throws {
        let context = CLIContext.load()
        let connection = context.database()
        let status = CLIContext.reporting { try StoreStatus.read(connection) }
        if json {
            print(status.json.prettyText())
        } else {
            print("events stored     \(status.events) (last position \(status.lastPosition))")
            print("outcomes          \(status.accepted) accepted, \(status.rejected) rejected")
            print("dead letters      \(status.parkedDeadLetters) parked")
            for group in status.decider + status.projector {
                let partitions = group.partitions.keys.sorted().map { "\($0):\(group.partitions[$0]!)" }.joined(separator: " ")
                print("group \(group.group) on \(group.topic): consumed \(group.partitions.values.reduce(0, +)) [\(partitions)]")
            }
            for (group, counts) in status.projected.sorted(by: { $0.key < $1.key }) {
                print("projected by \(group): \(counts.applied) applied, \(counts.skipped) skipped as already applied")
            }
        }
        if let maxParked, status.parkedDeadLetters > maxParked {
            throw ExitCode(Failure.ExitCode.checkFailed.rawValue)
        }
    }
}
