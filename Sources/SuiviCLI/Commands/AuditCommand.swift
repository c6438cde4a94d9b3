import ArgumentParser
import SuiviApp
import SuiviOperations
import SuiviStore

/// `suivi audit`: what auditors run to trust that nothing was altered.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Answer auditors from the event store: why each decision was covered, a case at a past moment, a picture, and proof that nothing was altered.",
        discussion: """
            Every audit command reads the event store (SELECT only) and works with the suivi_auditor role; check needs \
            neither database nor broker. Exit 0 when all holds, 4 when a check fails (the first bad event is named), \
            1 for an unknown case, 2 for a malformed id or time.
            """,
        subcommands: [
            AuditTraceCommand.self, AuditAsOfCommand.self, AuditReportCommand.self, AuditVerifyCommand.self, AuditKeygenCommand.self,
            AuditExportCommand.self, AuditCheckCommand.self, AuditCheckpointsCommand.self, AuditProveCommand.self,
        ])

    /// Prints one line and exits with the code that fits an audit error.
    static func fail(_ error: any Error) -> Never {
        switch error {
        case let failure as AuditFailure:
            CLIContext.fail("check failed at \(failure)", code: .checkFailed)
        default:
            CLIContext.fail(error)
        }
    }

    /// Runs `body`, turning any error into one line and an exit code.
    static func reporting<T>(_ body: () throws -> T) -> T {
        do { return try body() } catch { fail(error) }
    }
}
