import ArgumentParser
import SuiviStore

struct OutcomeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outcome",
        abstract: "Show what became of a message: accepted with its events, rejected with reasons, or invalid (dead-lettered) with its violations (exit 1 when unknown).",
        discussion: """
            A message that could not become a command but whose id could be read has the status `invalid`: it was \
            dead-lettered, its violations say why, and its id is free for a corrected message. A command held while \
            a stream it reads catches up has no outcome yet (`suivi status` lists it).
            """)

    @Argument(help: "The command id (the CloudEvents id it was published with).")
    var commandID: String

    @Flag(help: "Print JSON for scripts.")
    var json = false

    func run() async throws {
        let context = CLIContext.load()
        let connection = context.database()
        guard let stored = CLIContext.reporting({ try EventStore(connection: connection).fate(of: commandID) }) else {
            CLIContext.fail("no outcome for command \(commandID) yet; it may not have been processed: check `suivi-decider` is running",
                code: .notFound)
        }
        let outcome = stored.outcome
        if json {
            print(outcome.json.prettyText())
        } else {
            let type = outcome.commandType.isEmpty ? "-" : outcome.commandType
            let subject = outcome.subject.isEmpty ? "-" : outcome.subject
            print("\(outcome.commandID)  \(outcome.status.rawValue)  \(type)  \(subject)  \(outcome.recordedAt.rfc3339)")
            if let source = outcome.source { print("  source \(source)") }
            for id in outcome.eventIDs { print("  event \(id)") }
            if outcome.status == .invalid {
                print("  dead-lettered: \(outcome.violations.first?.description ?? "invalid message")")
                for violation in outcome.violations { print("  \(violation.code): \(violation.path): \(violation.message)") }
            } else {
                for reason in outcome.reasons { print("  \(reason.code): \(reason.message)") }
            }
        }
    }
}
