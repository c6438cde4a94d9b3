import ArgumentParser
import SuiviApp

@main
struct SuiviDeciderCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: WorkerKind.decider.executable, abstract: WorkerKind.decider.abstract, discussion: WorkerKind.decider.discussion)

    @Flag(help: "Apply pending schema migrations before starting.")
    var migrate = false

    func run() async throws { await WorkerMain.run(.decider, migrate: migrate) }
}
