import ArgumentParser
import SuiviApp
import SuiviStore

struct CasesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cases",
        abstract: "List assistance cases.",
        subcommands: [List.self],
        defaultSubcommand: List.self)

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List cases, by State then id.")

        @Option(help: "Only cases of this State (ISO 3166-1 alpha-3, e.g. TGO).")
        var state: String?

        @Option(help: "Only cases with this status (requested, active, suspended, declined, closed).")
        var status: String?

        @Option(help: "Only cases of this provider (e.g. ohchr-field-presence).")
        var provider: String?

        @Option(help: "At most this many cases.")
        var limit: Int = 1000

        @Flag(help: "Print JSON for scripts.")
        var json = false

        func run() async throws {
            let context = CLIContext.load()
            let connection = context.database()
            let filter = CaseQueries.Filter(state: state, status: status, provider: provider, limit: limit)
            let rows = CLIContext.reporting { try CaseQueries(connection: connection).list(filter) }
            print(json ? CaseReport.listJSON(rows) : CaseReport.listText(rows))
        }
    }
}
