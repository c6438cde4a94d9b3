public import Logging

/// Bootstraps swift-log once per process, in the format the configuration asks for. Libraries never
/// call this; only the executables' entry points do.
public enum LogSetup {
    public static func bootstrap(_ configuration: SuiviConfiguration, label: String) -> Logger {
        let level = Logger.Level(rawValue: configuration.logLevel) ?? .info
        let json = configuration.logFormat == "json"
        LoggingSystem.bootstrap { label in
            var handler: any LogHandler = json ? JSONLogHandler(label: label) : StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        return Logger(label: label)
    }
}
