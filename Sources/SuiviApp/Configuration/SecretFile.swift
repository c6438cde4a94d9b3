#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Secrets read from files (compose and Kubernetes secrets, `/run/secrets/...`), so that no password
/// sits in the environment. Errors name the variable and the file, never the content.
enum SecretFile {
    /// The file's content with its trailing newline (and carriage return) removed.
    /// - Throws: ``OperationFailure`` (`configuration`) when the file cannot be read or is empty.
    static func password(_ path: String, variable: String) throws -> String {
        var text = try contents(path, variable: variable)
        while text.last == "\n" || text.last == "\r" { text.removeLast() }
        guard !text.isEmpty else { throw OperationFailure(.configuration, "\(variable)=\(path) is empty; write the password in it") }
        return text
    }

    /// A librdkafka properties file: one `key=value` a line, `#` or `!` starts a comment line, blank lines
    /// are skipped. Everything after the first `=` is the value (commas and `=` included); spaces around
    /// the key and before the value are dropped.
    /// - Throws: ``OperationFailure`` (`configuration`) naming the line that is not `key=value`.
    static func properties(_ path: String, variable: String) throws -> [String: String] {
        var properties: [String: String] = [:]
        let text = try contents(path, variable: variable)
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = Substring(raw)
            if line.last == "\r" { line.removeLast() }
            let content = line.drop { $0 == " " || $0 == "\t" }
            if content.isEmpty || content.first == "#" || content.first == "!" { continue }
            guard let equals = content.firstIndex(of: "=") else {
                throw OperationFailure(.configuration, "\(variable)=\(path): line \(index + 1) is not key=value")
            }
            let key = String(content[..<equals]).trimmed
            guard !key.isEmpty else { throw OperationFailure(.configuration, "\(variable)=\(path): line \(index + 1) has no key") }
            properties[key] = String(content[content.index(after: equals)...].drop { $0 == " " || $0 == "\t" })
        }
        return properties
    }

    private static func contents(_ path: String, variable: String) throws -> String {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw OperationFailure(.configuration, "\(variable)=\(path) cannot be read: \(String(cString: strerror(errno))); check the file and its permissions")
        }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw OperationFailure(.configuration, "\(variable)=\(path) cannot be read: \(String(cString: strerror(errno)))")
            }
            if count == 0 { break }
            bytes.append(contentsOf: buffer[0..<count])
            guard bytes.count <= 1 << 20 else { throw OperationFailure(.configuration, "\(variable)=\(path) is larger than 1 MiB; is it the right file?") }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
