import ArgumentParser
import SuiviApp
import SuiviOperations

@main
struct Suivi: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suivi",
        abstract: "Administer Suivi: publish commands, query the read models, migrate the database.",
        discussion: """
            Configuration comes from the environment (SUIVI_DATABASE_URL, SUIVI_KAFKA_BROKERS, topic names...; see \
            README.md). With the local stack: eval "$(ops/stack env)".

            Exit codes: 0 success, 1 not found, 2 bad usage, 3 invalid input, 4 check failed (verification or \
            health threshold), 5 database or broker unavailable (or database not migrated), 70 unexpected failure, \
            78 bad configuration.
            """,
        version: Release.line,
        subcommands: [
            PublishCommand.self, CaseCommand.self, CasesCommand.self, OutcomeCommand.self, MigrateCommand.self,
            TopicsCommand.self, StatusCommand.self, RebuildCommand.self, StatesCommand.self, ConsultationsCommand.self,
            ReportCommand.self, AuditCommand.self, DeadLetterCommand.self, RelayCommand.self, ServeCommand.self,
            StateCommand.self,
        ])

    /// Parses and runs, mapping argument errors to exit code 2 (usage) with one line, as scripts expect.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            CLIContext.terminate(0)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))  // --help and --version
                CLIContext.terminate(0)
            }
            if code.rawValue == ExitCode.validationFailure.rawValue {
                var message = fullMessage(for: error).split(separator: "\n").first.map(String.init) ?? "bad usage"
                if message.hasPrefix("Error: ") { message.removeFirst("Error: ".count) }
                CLIContext.eprint("suivi: \(message); see `suivi help`")
                CLIContext.terminate(Failure.ExitCode.usage.rawValue)
            }
            if code.rawValue != ExitCode.failure.rawValue {
                CLIContext.terminate(code.rawValue)  // an ExitCode a subcommand threw on purpose
            }
            CLIContext.eprint("suivi: \(Failure.describe(error))")
            CLIContext.terminate(Failure.exitCode(for: error).rawValue)
        }
    }
}
