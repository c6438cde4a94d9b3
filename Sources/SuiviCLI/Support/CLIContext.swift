import Logging
import SuiviApp
import SuiviPostgres

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What every subcommand needs: the configuration, a quiet logger, and one way to fail.
struct CLIContext {
    let configuration: SuiviConfiguration
    let logger: Logger

    /// Loads the configuration; on failure prints one line and exits with the configuration code.
    static func load() -> CLIContext {
        do {
            let configuration = try SuiviConfiguration.load()
            var logger = Logger(label: "suivi") { StreamLogHandler.standardError(label: $0) }
            logger.logLevel = Logger.Level(rawValue: configuration.logLevel) == .trace || configuration.logLevel == "debug" ? .debug : .warning
            return CLIContext(configuration: configuration, logger: logger)
        } catch {
            fail(error)
        }
    }

    /// A database connection whose schema is current.
    func database(migrate: Bool = false, checked: Bool = true) -> PostgresConnection {
        do {
            if !checked {
                return try PostgresConnection(
                    connectionString: configuration.databaseURL, applicationName: "suivi", password: configuration.databasePassword,
                    logger: logger)
            }
            return try Connections.database(configuration, applicationName: "suivi", migrate: migrate, logger: logger)
        } catch {
            CLIContext.fail(error)
        }
    }

    /// Prints one line to standard error and exits with the code that fits the error.
    static func fail(_ error: any Error) -> Never {
        eprint("suivi: \(Failure.describe(error))")
        terminate(Failure.exitCode(for: error).rawValue)
    }

    /// Prints one line to standard error and exits with `code`.
    static func fail(_ message: String, code: Failure.ExitCode) -> Never {
        eprint("suivi: \(message)")
        terminate(code.rawValue)
    }

    /// Ends the process with `code` (named so that commands, whose `exit` means something else, can call it),
    /// through ``ProcessExit``: `exit`'s handlers (OpenSSL's cleanup, once librdkafka has started) would race
    /// the threads still running, such as a console connection's or a read-ahead's.
    static func terminate(_ code: Int32) -> Never {
        ProcessExit.now(code)
    }

    static func eprint(_ line: String) {
        let text = line + "\n"
        _ = text.withCString { write(2, $0, strlen($0)) }
    }

    /// Runs `body`, turning any error into one line and an exit code.
    static func reporting<T>(_ body: () throws -> T) -> T {
        do { return try body() } catch { fail(error) }
    }
}
