import ArgumentParser
import SuiviOperations
import SuiviStore

struct CaseTimelineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "timeline",
        abstract: "Every command's outcome for a case, rejected ones with their reason codes (exit 1 when unknown).",
        discussion: "Read from the event store (outcomes and events), not the read models: works with the auditor role."
    )

    @Argument(help: "The case id.")
    var id: String

    @Flag(help: "Print JSON for scripts.")
    var json = false

    func validate() throws { try Identifiers.validate(id, what: "case") }

    func run() async throws {
        let connection = CLIContext.load().database()
        guard let timeline = CLIContext.reporting({ try CaseAudit(connection: connection).timeline(id) }) else {
            CLIContext.fail("no command for case \(id) was ever decided; check the id", code: .notFound)
        }
        print(json ? TimelineReport.json(timeline) : TimelineReport.text(timeline))
    }
}
