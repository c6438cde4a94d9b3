import ArgumentParser
import SuiviApp
import SuiviStore

struct OutcomeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outcome",
        abstract: "Show the outcome of a command: accepted with its events, or rejected with reasons (exit 1 when unknown).")

    @Argument(help: "The command id (the CloudEvents id it was published with).")
    var commandID: String

    @Flag(help: "Print JSON for scripts.")
    var json = false

    func run() async throws {
        let context = CLIContext.load()
        let connection = context.database()
        guard let stored = CLIContext.reporting({ try EventStore(connection: connection).outcome(of: commandID) }) else {
            CLIContext.fail("no outcome for command \(commandID) yet; it may not have been processed: check `suivi-decider` is running",
                code: .notFound)
        }
        let outcome = stored.outcome
        if json {
            print(outcome.json.prettyText())
        } else {
            print("\(outcome.commandID)  \(outcome.status.rawValue)  \(outcome.commandType)  \(outcome.subject)  \(outcome.recordedAt.rfc3339)")
            for id in outcome.eventIDs { print("  event \(id)") }
            for reason in outcome.reasons { print("  \(reason.code): \(reason.message)") }
        }
    }
}
