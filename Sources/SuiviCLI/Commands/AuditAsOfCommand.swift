import ArgumentParser
import SuiviApp
import SuiviDomain
import SuiviStore

struct AuditAsOfCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "as-of",
        abstract: "A case as it stood at a past moment, rebuilt from the event store.",
        discussion: """
            TIME is compared with each event's recordedAt (when Suivi recorded it: "as the system knew it"), not \
            with occurredAt (the time the message claimed). The events of the case recorded at or before TIME are \
            folded with the domain's own fold. Exit 1 when the case is unknown or was not yet requested at TIME; \
            exit 2 when TIME is not RFC 3339.
            """)

    @Argument(help: "The moment, RFC 3339 (e.g. 2026-03-01T12:00:00Z), compared with recordedAt.")
    var time: String

    @Argument(help: "The case id.")
    var caseID: String

    @Flag(help: "Print JSON for scripts.")
    var json = false

    func validate() throws {
        _ = try Identifiers.time(time)
        try Identifiers.validate(caseID, what: "case")
    }

    func run() async throws {
        let moment = try Identifiers.time(time)
        let connection = CLIContext.load().database()
        guard let asOf = CLIContext.reporting({ try CaseAudit(connection: connection).asOf(caseID, at: moment) }) else {
            CLIContext.fail("no case \(caseID) in the event store; check the id", code: .notFound)
        }
        guard asOf.existed else {
            CLIContext.fail("case \(caseID) had no event recorded by \(moment.rfc3339)", code: .notFound)
        }
        print(json ? AsOfReport.json(asOf) : AsOfReport.text(asOf))
    }
}
