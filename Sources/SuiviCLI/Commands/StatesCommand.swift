import ArgumentParser
import SuiviApp
import SuiviStore

struct StatesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "states",
        abstract: "Per State: cases by status, consents in force today, activities and the last one.")

    @Flag(help: "Print JSON for scripts.")
    var json = false

    func run() async throws {
        let connection = CLIContext.load().database()
        let states = CLIContext.reporting { try StateQueries(connection: connection).overview() }
        print(json ? StatesReport.json(states) : StatesReport.text(states))
    }
}
