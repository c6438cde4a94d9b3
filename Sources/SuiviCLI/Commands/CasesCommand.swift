import ArgumentParser
import SuiviOperations
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

        @Option(help: "Skip this many cases first (paging).")
        var offset: Int = 0

        @Flag(help: "Print JSON for scripts.")
        var json = false

        func validate() throws {
            guard limit >= 1, offset >= 0 else { throw ValidationError("--limit is at least 1 and --offset at least 0") }
        }

        func run() async throws {
            let context = CLIContext.load()
            let connection = context.database()
            let filter = CaseQueries.Filter(state: state, status: status, provider: provider, limit: limit, offset: offset)
            let page = CLIContext.reporting { try CaseQueries(connection: connection).page(filter) }
            if json {
                // An array, as scripts have always read it; a cut is said on standard error, never silent.
                print(CaseReport.listJSON(page.items))
                if page.remaining > 0 { CLIContext.eprint("suivi: " + page.summary(one: "case", many: "cases")) }
            } else {
                if !page.items.isEmpty {
                    print(TextTable(
                        headers: ["CASE", "STATE", "STATUS", "PROVIDER", "PURPOSE", "REQUESTED"],
                        rows: page.items.map { [$0.caseID, $0.state, $0.status, $0.provider, $0.purpose, $0.requestedAt.rfc3339] }
                    ).rendered)
                }
                print(page.summary(one: "case", many: "cases"))
            }
        }
    }
}
