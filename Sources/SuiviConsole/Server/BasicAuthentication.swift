import SuiviApp
import Foundation

/// Optional HTTP basic authentication for the console behind a reverse proxy: one user, its password
/// read from a file (never from the command line, where `ps` would show it).
public struct BasicAuthentication: Sendable {
    public let user: String
    private let password: [UInt8]

    /// Reads the password from the first line of `path`.
    ///
    /// - Throws: ``OperationFailure`` (`configuration`) when the file cannot be read or holds no password.
    public init(user: String, passwordFile path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw OperationFailure(.configuration, "cannot read the password file \(path); check that it exists and is readable")
        }
        let line = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        guard !line.isEmpty else { throw OperationFailure(.configuration, "the password file \(path) is empty") }
        self.init(user: user, password: line)
    }

    public init(user: String, password: String) {
        self.user = user
        self.password = Array(password.utf8)
    }

    /// Whether an `Authorization` header carries this user and password (compared in constant time).
    public func accepts(_ header: String?) -> Bool {
        guard let header, header.utf8.count < 1024, header.lowercased().hasPrefix("basic "),
            let decoded = Data(base64Encoded: String(header.dropFirst(6)).trimmingSpaces)
        else { return false }
        let given = Array(decoded)
        let expected = Array("\(user):".utf8) + password
        var difference = UInt8(given.count == expected.count ? 0 : 1)
        for index in 0..<expected.count { difference |= expected[index] ^ (index < given.count ? given[index] : 0) }
        return difference == 0
    }
}

