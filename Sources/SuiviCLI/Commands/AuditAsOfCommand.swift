import ArgumentParser
import SuiviOperations
import SuiviDomain
import SuiviStore

struct AuditAsOfCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "as-of",
        abstract: "A case, a regional consultation or the report as it stood at a past moment, rebuilt from the event store.",
        discussion: """
            By default TIME is compared with each event's recordedAt (when Suivi recorded it: "as the system knew \
            it"); --by occurred compares with occurredAt (the time the message claimed: "as things stood"). TIME is \
            RFC 3339 or a bare day YYYY-MM-DD (the end of that day, UTC). The stream's events known at TIME are \
            folded with the domain's own fold. Exit 1 when the stream is unknown or had no event by TIME; exit 2 when \
            TIME is malformed.
            """)

    @Argument(help: "The moment: YYYY-MM-DD (end of day, UTC) or RFC 3339 (e.g. 2026-03-01T12:00:00Z).")
    var time: String

    @Argument(help: "The case, regional consultation or report id.")
    var streamID: String

    @Option(help: "Compare TIME with recorded (default) or occurred time.")
    var by: String = "recorded"

    @Flag(help: "Print JSON for scripts.")
    var json = false

    func validate() throws {
        _ = try Identifiers.time(time)
        try Identifiers.validate(streamID, what: "stream")
        guard AsOfBasis(rawValue: by) != nil else { throw ValidationError("--by is recorded or occurred, not '\(by)'") }
    }

    func run() async throws {
        let moment = try Identifiers.time(time)
        let basis = AsOfBasis(rawValue: by) ?? .recorded
        let connection = CLIContext.load().database()
        let audit = CaseAudit(connection: connection)
        guard let stream = CLIContext.reporting({ try audit.streamAsOf(streamID, at: moment, by: basis) }) else {
            CLIContext.fail("no case, consultation or report \(streamID) in the event store; check the id", code: .notFound)
        }
        if stream.kind == .assistanceCase || (stream.kind == nil && streamID.hasPrefix("case-")) {
            guard let asOf = CLIContext.reporting({ try audit.asOf(streamID, at: moment, by: basis) }), asOf.existed else {
                CLIContext.fail("case \(streamID) had no event \(basis.field) by \(moment.rfc3339)", code: .notFound)
            }
            print(json ? AsOfReport.json(asOf) : AsOfReport.text(asOf))
            return
        }
        guard stream.existed else {
            CLIContext.fail("\(streamID) had no event \(basis.field) by \(moment.rfc3339)", code: .notFound)
        }
        print(json ? stream.json.prettyText() : AsOfReport.text(stream))
    }
}
