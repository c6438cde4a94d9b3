import ArgumentParser
import SuiviOperations
import SuiviStore

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "The report mandated to the Human Rights Council.",
        subcommands: [Status.self])

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Status, due session, deferrals, consultations drawn on and waivers (exit 1 when unknown).")

        @Argument(help: "The report id (default: every mandated report).")
        var id: String?

        @Flag(help: "Print JSON for scripts.")
        var json = false

        func validate() throws {
            if let id { try Identifiers.validate(id, what: "report") }
        }

        func run() async throws {
            let connection = CLIContext.load().database()
            let reports = CLIContext.reporting { try ReportQueries(connection: connection).status(id) }
            if let id, reports.isEmpty {
                CLIContext.fail("no report \(id) in the read model; check the id", code: .notFound)
            }
            print(json ? ReportStatusReport.json(reports) : ReportStatusReport.text(reports))
        }
    }
}
