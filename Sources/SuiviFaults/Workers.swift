import Foundation

/// One worker instance run as a child process (`suivi-decider` or `suivi-projector`), killed and
/// restarted by the fault schedule. Each life logs to its own file.
final class Worker {
    let executable: String
    let instance: Int
    let environment: [String: String]
    let logFolder: String
    private(set) var process: Process?
    private(set) var lives = 0

    var name: String { "\(executable)#\(instance)" }
    var isRunning: Bool { process?.isRunning ?? false }

    init(_ executable: String, instance: Int, environment: [String: String], logFolder: String) {
        self.executable = executable
        self.instance = instance
        self.environment = environment
        self.logFolder = logFolder
    }

    func start() throws {
        lives += 1
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Faults.binDirectory + "/" + executable)
        process.environment = environment
        let path = "\(logFolder)/\(executable)-\(instance)-\(lives).log"
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        try process.run()
        self.process = process
    }

    /// SIGKILL: no chance to finish the batch in hand or to leave the group.
    func kill() {
        guard let process, process.isRunning else { return }
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// SIGTERM and the exit status (0 when it finished its batch and left cleanly).
    func terminate() -> Int32 {
        guard let process else { return -1 }
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGTERM) }
        process.waitUntilExit()
        return process.terminationStatus
    }
}
