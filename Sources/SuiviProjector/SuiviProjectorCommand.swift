import ArgumentParser
import SuiviApp

@main
struct SuiviProjectorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: WorkerKind.projector.executable, abstract: WorkerKind.projector.abstract,
        discussion: WorkerKind.projector.discussion)

    @Flag(help: "Apply pending schema migrations before starting.")
    var migrate = false

    func run() async throws { await WorkerMain.run(.projector, migrate: migrate) }
}
