import ArgumentParser
import SuiviStore

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply the database schema migrations that are missing (safe to run again).")

    @Flag(help: "Print a JSON summary.")
    var json = false

    func run() async throws {
        let context = CLIContext.load()
        let connection = context.database(migrate: false, checked: false)
        let report = CLIContext.reporting { try Migrator(connection: connection, logger: context.logger).migrate() }
        if json {
            print("{\"applied\":[\(report.applied.map(String.init).joined(separator: ","))],\"version\":\(report.current)}")
        } else if report.applied.isEmpty {
            print("database already at schema version \(report.current)")
        } else {
            print("applied migrations \(report.applied.map(String.init).joined(separator: ", ")); schema version \(report.current)")
        }
    }
}
