import ArgumentParser
import SuiviApp
import SuiviWorkers

@main
struct SuiviProjectorCommand: WorkerCommand {
    static let kind = WorkerKind.projector
    @Flag(help: "Apply pending schema migrations before starting.") var migrate = false
}
