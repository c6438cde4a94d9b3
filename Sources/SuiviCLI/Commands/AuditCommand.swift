import ArgumentParser

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract:
            "Answer an auditor from the event store: why decisions were covered, a case at a past moment, a picture.",
        subcommands: [AuditTraceCommand.self, AuditAsOfCommand.self, AuditReportCommand.self])
}
