#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
public import SuiviStore

/// Files of the audit features: signing keys (read by `suivi audit` and by the decider, which signs
/// checkpoints), bundles and proofs, read and written with POSIX calls (the libraries do not use Foundation).
public enum AuditFiles {
    /// `SUIVI_AUDIT_KEY_FILE`: the signing key of `suivi audit export` when `--key` is not given.
    public static let keyFileVariable = "SUIVI_AUDIT_KEY_FILE"

    /// The whole content of a file.
    /// - Throws: ``OperationFailure`` `invalidInput` naming the file and the system's reason.
    public static func readFile(_ path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw OperationFailure(.invalidInput, "cannot read \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw OperationFailure(.invalidInput, "cannot read \(path): \(String(cString: strerror(errno)))")
            }
            if count == 0 { return out }
            out.append(contentsOf: buffer[0..<count])
        }
    }

    /// Writes a file with `mode`.
    /// - Parameter exclusive: Refuse to replace an existing file (keys are never overwritten).
    /// - Throws: ``OperationFailure`` `invalidInput` naming the file and the system's reason.
    public static func writeFile(_ bytes: [UInt8], to path: String, mode: UInt32, exclusive: Bool) throws {
        let flags = O_WRONLY | O_CREAT | (exclusive ? O_EXCL : O_TRUNC)
        let fd = open(path, flags, mode_t(mode))
        guard fd >= 0 else {
            let reason = errno == EEXIST ? "it exists already; choose another path or remove it first" : String(cString: strerror(errno))
            throw OperationFailure(.invalidInput, "cannot write \(path): \(reason)")
        }
        defer { close(fd) }
        // The umask may have narrowed the mode of a new file; an existing file keeps its old mode otherwise.
        fchmod(fd, mode_t(mode))
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw OperationFailure(.invalidInput, "cannot write \(path): \(String(cString: strerror(errno)))")
            }
            written += count
        }
    }

    /// Writes a new signing key, readable by its owner only (mode 0600).
    public static func writeKey(_ key: AuditSigningKey, to path: String) throws {
        try writeFile(Array(key.pem.utf8), to: path, mode: 0o600, exclusive: true)
    }

    /// Reads the signing key from `path`, else from `SUIVI_AUDIT_KEY_FILE`.
    /// - Throws: ``OperationFailure`` `usage` when neither names a file, `invalidInput` when the file is not a key.
    public static func loadKey(path: String?, environment: Environment = Environment()) throws -> AuditSigningKey {
        guard let path = path ?? environment[keyFileVariable] else {
            throw OperationFailure(.usage,
                "no signing key: pass --key FILE or set \(keyFileVariable) (make a key with `suivi audit keygen --out FILE`)")
        }
        let text = String(decoding: try readFile(path), as: UTF8.self)
        do { return try AuditSigningKey(pem: text) } catch {
            throw OperationFailure(.invalidInput, "\(path) is \(error)")
        }
    }
}
