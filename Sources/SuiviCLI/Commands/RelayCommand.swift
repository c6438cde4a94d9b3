import ArgumentParser
import SuiviOperations
import SuiviDomain

struct RelayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "relay",
        abstract: "Publish from the event store to the topics.",
        subcommands: [Republish.self])

    struct Republish: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Refill the events and outcomes topics from the event store (after a broker lost its data).",
            discussion: """
                Publishes every event after --from-position, in order, keyed by stream, and every outcome. The projector \
                skips events it already applied, so republishing more than was lost is harmless. After a broker lost its \
                log, stop the workers, run this with --reset-offsets (the stored offsets of the decider and the projector \
                go back to 0, since the topics start again from 0), then start the workers: the projector re-reads the \
                refilled events topic and the decider any commands integrators publish again (repeated ids are answered \
                with their original outcome).
                """)

        @Option(help: "Republish events after this position only.")
        var fromPosition: Int64 = 0

        @Flag(help: "Do not republish outcomes.")
        var noOutcomes = false

        @Flag(help: "Set the workers' stored offsets back to 0 (stop the workers first).")
        var resetOffsets = false

        @Flag(help: "Print a JSON summary.")
        var json = false

        func run() async throws {
            let context = CLIContext.load()
            let connection = context.database()
            let bar = ProgressBar()
            let report: Republisher.Report
            do {
                report = try await Republisher(configuration: context.configuration, connection: connection, logger: context.logger)
                    .run(fromPosition: fromPosition, outcomes: !noOutcomes, resetOffsets: resetOffsets) { done, total, seconds in
                        bar.update(RebuildProgress(phase: "republish", done: done, total: total, elapsedSeconds: seconds))
                    }
            } catch {
                CLIContext.fail(error)
            }
            bar.finish()
            if json {
                print(JSON.object([
                    "events": .int(report.events), "outcomes": .int(report.outcomes),
                    "seconds": .number(String(Double(Int(report.seconds * 1000)) / 1000)), "offsetsReset": .bool(report.offsetsReset),
                ]).prettyText())
            } else {
                print("republished \(report.events) events and \(report.outcomes) outcomes\(report.offsetsReset ? "; stored offsets reset to 0" : "")")
            }
        }
    }
}
