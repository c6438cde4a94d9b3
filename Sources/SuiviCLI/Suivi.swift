import ArgumentParser

@main
struct Suivi: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suivi",
        abstract: "Administer Suivi: publish commands, query the read models, migrate the database.",
        discussion: """
            Configuration comes from the environment (SUIVI_DATABASE_URL, SUIVI_KAFKA_BROKERS, topic names...; see \
            README.md). With the local stack: eval "$(ops/stack env)".

            Exit codes: 0 success, 1 unexpected failure, 3 not found, 4 invalid input, 5 database or broker \
            unavailable (or database not migrated), 64 bad usage, 78 bad configuration.
            """,
        subcommands: [
            PublishCommand.self, CaseCommand.self, CasesCommand.self, OutcomeCommand.self, MigrateCommand.self,
            TopicsCommand.self, StatusCommand.self,
        ])
}
