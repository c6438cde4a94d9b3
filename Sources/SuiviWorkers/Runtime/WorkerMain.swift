public import SuiviApp
import Logging
import ServiceLifecycle

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The shared entry point of the worker executables: configuration, logging, one `ServiceGroup` that
/// shuts down gracefully on SIGTERM and SIGINT, and one line plus a meaningful exit code on failure.
/// The process ends through ``ProcessExit``, never `exit`, whose handlers race the threads still running.
public enum WorkerMain {
    public static func run(_ kind: WorkerKind, migrate: Bool) async -> Never {
        let name = kind.executable
        MemoryPolicy.apply()
        let configuration: SuiviConfiguration
        do {
            configuration = try SuiviConfiguration.load()
        } catch {
            fail(name, error)
        }
        let logger = LogSetup.bootstrap(configuration, label: name)
        let metrics = MetricsSetup.start(configuration.metrics, worker: kind, logger: logger)
        let probe = metrics == nil ? nil : StoreProbe.start(configuration, worker: kind, logger: logger)
        let service = Worker(kind, configuration: configuration, migrate: migrate, logger: logger)
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [.init(service: service)],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        do {
            try await group.run()
        } catch {
            fail(name, unwrap(error), logger: configuration.logFormat == "json" ? logger : nil)
        }
        metrics?.stop()
        probe?.stop()
        ProcessExit.now(0)
    }

    /// Prints the one-line reason and exits; through `logger` when given, so that JSON logs stay JSON.
    private static func fail(_ name: String, _ error: any Error, logger: Logger? = nil) -> Never {
        if let logger {
            logger.critical("\(Failure.describe(error))")
        } else {
            let line = "\(name): \(Failure.describe(error))\n"
            _ = line.withCString { write(2, $0, strlen($0)) }
        }
        ProcessExit.now(Failure.exitCode(for: error).rawValue)
    }

    /// ServiceGroup reports a failing service through its own error type; the cause is what people need.
    private static func unwrap(_ error: any Error) -> any Error {
        error
    }
}
