import Foundation

/// A worker executable run as a child process, with its peak resident set sampled from /proc.
/// `@unchecked Sendable`: it is created, sampled and stopped by the one bench thread that owns it; the
/// `Process` inside is never touched from two threads.
final class WorkerProcess: @unchecked Sendable {
    let name: String
    private let process = Process()
    private(set) var peakRSSKiB: Int = 0

    init(executable: String, arguments: [String], environment: [String: String], log: String) throws {
        name = URL(fileURLWithPath: executable).lastPathComponent
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
    }

    var pid: Int32 { process.processIdentifier }
    var isRunning: Bool { process.isRunning }

    /// VmHWM (peak RSS) in KiB, read now; remembers the highest value seen.
    @discardableResult
    func samplePeakRSS() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else {
            return peakRSSKiB
        }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let digits = line.split(separator: " ").compactMap { Int($0) }
            if let value = digits.first { peakRSSKiB = max(peakRSSKiB, value) }
        }
        return peakRSSKiB
    }

    /// Current RSS (VmRSS) in KiB.
    func currentRSS() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            return line.split(separator: " ").compactMap { Int($0) }.first ?? 0
        }
        return 0
    }

    /// SIGTERM, then waits for a graceful stop.
    func stop() {
        samplePeakRSS()
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }
}

/// Runs a command to completion and returns its standard output.
func runToCompletion(
    _ executable: String, _ arguments: [String], environment: [String: String]
) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.environment = environment
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.standardError
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}
