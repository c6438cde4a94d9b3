import ArgumentParser

struct StateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "state",
        abstract: "One State: its cases, consents, decisions and activities.",
        subcommands: [StateReportCommand.self])
}
