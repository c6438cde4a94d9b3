import ArgumentParser
import SuiviOperations
import SuiviDomain
import SuiviStore

struct StatesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "states",
        abstract: "Per State: cases by status, consents in force, decisions and activities in a period.",
        discussion: """
            Without dates: consents in force now, every decision and activity. --from/--to (YYYY-MM-DD) count the \
            decisions that occurred and the activities that overlap the period, and the consents in force at the end \
            of --to. The last line says how many States there are in all and how many more --offset shows (with --json, \
            on standard error when some are not shown).
            """)

    @Option(help: "Only this State (ISO 3166-1 alpha-3, e.g. TGO).")
    var state: String?

    @Option(help: "From this day (YYYY-MM-DD).")
    var from: String?

    @Option(help: "To this day (YYYY-MM-DD).")
    var to: String?

    @Option(help: "At most this many States.")
    var limit = 1000

    @Option(help: "Skip this many States first.")
    var offset = 0

    @Flag(help: "Print JSON for scripts.")
    var json = false

    func validate() throws {
        if let state { guard Pattern.alpha3.check(state) else { throw ValidationError("malformed State code '\(state)': expected three capital letters, e.g. TGO") } }
        let period = Period(from: try from.map(Identifiers.day), to: try to.map(Identifiers.day))
        guard period.isOrdered else { throw ValidationError("--from \(from ?? "") is after --to \(to ?? "")") }
        guard limit >= 1, offset >= 0 else { throw ValidationError("--limit is at least 1 and --offset at least 0") }
    }

    func run() async throws {
        let period = Period(from: try from.map(Identifiers.day), to: try to.map(Identifiers.day))
        let filter = StateQueries.Filter(
            state: state, period: period, consentsAt: period.to?.end, page: PageRequest(limit: limit, offset: offset))
        let connection = CLIContext.load().database()
        let states = CLIContext.reporting { try StateQueries(connection: connection).overview(filter) }
        if json {
            // An array, as scripts have always read it; a cut is said on standard error, never silent.
            print(StatesReport.json(states.items))
            if states.remaining > 0 { CLIContext.eprint("suivi: " + states.summary(one: "State", many: "States")) }
        } else {
            if !states.items.isEmpty { print(StatesReport.filteredText(states.items)) }
            print(states.summary(one: "State", many: "States"))
        }
    }
}
