import Foundation

/// One of Suivi's executables run as a real child process, as operators run it.
final class WorkerProcess {
    let name: String
    let process = Process()
    let logPath: String

    /// The folder that holds the built executables (beside the test bundle, or SUIVI_BIN_DIR).
    static var binDirectory: String {
        if let dir = ProcessInfo.processInfo.environment["SUIVI_BIN_DIR"] { return dir }
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.isExecutableFile(atPath: url.appendingPathComponent("suivi-decider").path) { return url.path }
        }
        return ".build/debug"
    }

    init(_ name: String, arguments: [String] = [], environment: [String: String]) throws {
        self.name = name
        logPath = NSTemporaryDirectory() + "suivi-\(name)-\(UInt32.random(in: 0...UInt32.max)).log"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        process.executableURL = URL(fileURLWithPath: Self.binDirectory + "/" + name)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        process.standardOutput = log
        process.standardError = log
        try process.run()
    }

    /// Sends a signal (SIGTERM for a graceful stop, SIGKILL for a crash) and waits for the exit.
    @discardableResult
    func stop(signal: Int32 = SIGTERM) -> Int32 {
        if process.isRunning { kill(process.processIdentifier, signal) }
        process.waitUntilExit()
        return process.terminationStatus
    }

    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// Waits for the first line of the log that starts with `prefix` and returns it. Throws at once if the
    /// process exits first, and after `timeout` otherwise, with the end of the log either way, so that a
    /// failure says why (a crash, a refusal, or a machine too busy) instead of only that it timed out.
    func line(startingWith prefix: String, timeout: Duration = .seconds(120)) async throws -> String {
        let clock = ContinuousClock()
        let started = clock.now
        while true {
            // Whether it runs is read before the log, so that a line written just before an exit is still found.
            let running = process.isRunning
            let text = log
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix(prefix) }) { return String(line) }
            let waited = clock.now - started
            if !running || waited > timeout {
                let state = process.isRunning ? "still running after \(waited)" : "exited with \(process.terminationStatus)"
                throw NoLine(what: "\(name): no line starting with \"\(prefix)\"; \(state)", logTail: String(text.suffix(4_000)))
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    struct NoLine: Error, CustomStringConvertible {
        let what: String
        let logTail: String
        var description: String { "\(what); the end of its log:\n\(logTail)" }
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    /// Runs one of Suivi's executables to completion and returns its exit code and output.
    static func run(_ name: String, _ arguments: [String], environment: [String: String], timeout: TimeInterval = 60)
        throws -> (status: Int32, stdout: String, stderr: String)
    {
        try run(path: binDirectory + "/" + name, arguments, environment: environment, timeout: timeout)
    }

    /// Runs any executable to completion (killed after `timeout`) with standard input closed, and returns its
    /// exit code and output.
    static func run(path: String, _ arguments: [String], environment: [String: String], timeout: TimeInterval)
        throws -> (status: Int32, stdout: String, stderr: String)
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let base = NSTemporaryDirectory() + "suivi-run-\(UInt32.random(in: 0...UInt32.max))"
        _ = FileManager.default.createFile(atPath: base + ".out", contents: nil)
        _ = FileManager.default.createFile(atPath: base + ".err", contents: nil)
        defer {
            try? FileManager.default.removeItem(atPath: base + ".out")
            try? FileManager.default.removeItem(atPath: base + ".err")
        }
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: base + ".out"))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: base + ".err"))
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        let stdout = (try? String(contentsOfFile: base + ".out", encoding: .utf8)) ?? ""
        let stderr = (try? String(contentsOfFile: base + ".err", encoding: .utf8)) ?? ""
        return (process.terminationStatus, stdout, stderr)
    }
}
