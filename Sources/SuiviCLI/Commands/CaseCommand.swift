import ArgumentParser
import SuiviOperations
import SuiviStore

struct CaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "case",
        abstract: "Look at one assistance case.",
        subcommands: [Show.self, CaseTimelineCommand.self])

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a case as the read model has it (exit 1 when unknown).")

        @Argument(help: "The case id (the subject of its commands).")
        var id: String

        @Flag(help: "Print JSON for scripts.")
        var json = false

        func validate() throws { try Identifiers.validate(id, what: "case") }

        func run() async throws {
            let context = CLIContext.load()
            let connection = context.database()
            guard let row = CLIContext.reporting({ try CaseQueries(connection: connection).show(id) }) else {
                CLIContext.fail("no case \(id) in the read model; check the id, or `suivi outcome COMMAND_ID` for the request's outcome",
                    code: .notFound)
            }
            print(json ? CaseReport.showJSON(row) : CaseReport.showText(row))
        }
    }
}
