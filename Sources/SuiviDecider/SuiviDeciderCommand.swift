import ArgumentParser
import SuiviApp
import SuiviWorkers

@main
struct SuiviDeciderCommand: WorkerCommand {
    static let kind = WorkerKind.decider
    @Flag(help: "Apply pending schema migrations before starting.") var migrate = false
}
