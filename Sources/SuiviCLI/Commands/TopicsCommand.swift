import ArgumentParser
import SuiviApp

struct TopicsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "topics",
        abstract: "Create the four topics when they are missing (SUIVI_PARTITIONS partitions each).")

    func run() async throws {
        let context = CLIContext.load()
        CLIContext.reporting { try Connections.ensureTopics(context.configuration, logger: context.logger) }
        print("topics ready: \(context.configuration.topics.all.joined(separator: ", "))")
    }
}
