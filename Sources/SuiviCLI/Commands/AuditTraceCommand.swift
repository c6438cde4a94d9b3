import ArgumentParser
import SuiviOperations
import SuiviStore

struct AuditTraceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace",
        abstract: "Every decision and activity of a case, the consent it relied on and why that consent covered it.",
        discussion: """
            Computed from the case's events in the event store, not from the read models. For each approval and \
            activity: the consent was granted by the State, not withdrawn, valid at the command's time (occurredAt, \
            the time the decider judged), and its scope's activity kinds and providers contain the decision's; an \
            activity's dates lie within the validity and an approval in force covered it. Exit 1 when unknown.
            """)

    @Argument(help: "The case id.")
    var caseID: String

    @Flag(help: "Print JSON for scripts.")
    var json = false

    func validate() throws { try Identifiers.validate(caseID, what: "case") }

    func run() async throws {
        let connection = CLIContext.load().database()
        guard let trace = CLIContext.reporting({ try CaseAudit(connection: connection).trace(caseID) }) else {
            CLIContext.fail("no case \(caseID) in the event store; check the id", code: .notFound)
        }
        print(json ? TraceReport.json(trace) : TraceReport.text(trace))
    }
}
