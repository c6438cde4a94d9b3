import ArgumentParser
import Logging
import SuiviConsole
import SuiviPostgres
import SuiviStore

#if canImport(Glibc)
import Glibc
#endif

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the auditors' read-only web console (mandate, States, cases, integrity, search).",
        discussion: """
            Listens on 127.0.0.1:8080 unless told otherwise, and connects to SUIVI_DATABASE_URL acting as the \
            read-only role suivi_auditor (SET ROLE; the login must be that role or a member of it) in read-only \
            transactions. Every page is also data: add ?format=json or ?format=csv. Put it behind a reverse proxy \
            before listening beyond loopback, with --password-file for HTTP basic authentication. Exit 5 when the \
            database cannot be reached, 78 when the password file cannot be read.
            """)

    @Option(help: "The address to listen on.")
    var address = "127.0.0.1"

    @Option(help: "The port to listen on (0: any free port, printed at start).")
    var port = 8080

    @Option(help: "Act as this database role ('' to keep the login's own role).")
    var role = "suivi_auditor"

    @Option(help: "Require HTTP basic authentication with the password on this file's first line.")
    var passwordFile: String?

    @Option(help: "The user name for basic authentication.")
    var user = "auditor"

    @Option(help: "Seconds between two checks of the whole store's hash chains.")
    var integrityInterval = 600

    @Option(help: "Database connections that serve pages (1-16); more requests wait their turn. The whole-store check has one of its own.")
    var connections = 3

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("port \(port) is not in 0...65535") }
        guard integrityInterval >= 10 else { throw ValidationError("--integrity-interval is at least 10 seconds") }
        guard (1...16).contains(connections) else { throw ValidationError("--connections \(connections) is not in 1...16") }
    }

    func run() async throws {
        let context = CLIContext.load()
        var logger = Logger(label: "suivi-console") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = context.logger.logLevel
        let authentication: BasicAuthentication?
        do {
            authentication = try passwordFile.map { try BasicAuthentication(user: user, passwordFile: $0) }
        } catch {
            CLIContext.fail("\(error)", code: .configuration)
        }
        let url = context.configuration.databaseURL
        let role = role.isEmpty ? nil : role
        let consoleLogger = logger
        let open: @Sendable () throws -> PostgresConnection = {
            try ConsoleDatabase.auditorConnection(url: url, role: role, logger: consoleLogger)
        }
        // Fail at start, with one line, when the database or the role cannot be used.
        let probe = ConsoleDatabase(label: "suivi-console-probe", open: open)
        do {
            _ = try await probe.run { connection in
                try Migrator(connection: connection, logger: consoleLogger).ensureCurrent()
                return 0
            }
        } catch {
            CLIContext.fail(error)
        }
        let handler = ConsoleHandler(
            pages: ConsoleDatabase(label: "suivi-console-pages", connections: connections, open: open),
            checks: ConsoleDatabase(label: "suivi-console-checks", open: open), logger: logger)
        let server = ConsoleServer(
            address: address, port: port, authentication: authentication, integrityInterval: .seconds(integrityInterval),
            handler: handler, logger: logger)
        do {
            try await server.run { url in
                // write(2) rather than print: unbuffered, so that a script reading a pipe sees the URL at once.
                let line = "suivi console listening on \(url)\n"
                _ = line.withCString { write(1, $0, strlen($0)) }
            }
        } catch {
            CLIContext.fail(error)
        }
    }
}
