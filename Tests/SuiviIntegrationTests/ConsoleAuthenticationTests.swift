import Foundation
import Testing

/// `suivi serve --password-file`: HTTP basic authentication for the console behind a reverse proxy,
/// checked on the real executable over a real socket. Without the right user and password every path
/// is refused with 401 and a challenge; with them the pages answer; the password is never written to
/// the log, to an answer or to an error.
@Suite("Console basic authentication", .serialized)
struct ConsoleAuthenticationTests {
    static let password = "c0rrect-h0rse:b@ttery staple"

    static func authorization(_ user: String, _ password: String) -> String {
        "Authorization: Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
    }

    /// Starts `suivi serve` on a free loopback port and returns it with its port once it listens.
    static func serve(_ scope: TestStack.Scope, arguments: [String]) async throws -> (WorkerProcess, Int) {
        let server = try WorkerProcess(
            "suivi", arguments: ["serve", "--port", "0"] + arguments,
            environment: scope.environment.merging(["SUIVI_LOG_LEVEL": "debug"]) { $1 })
        let line = try await server.line(startingWith: "suivi console listening on ")
        let port = try #require(line.split(separator: ":").last.flatMap { Int($0.prefix(while: \.isNumber)) }, "no port in: \(line)")
        return (server, port)
    }

    @Test func onlyTheRightUserAndPasswordGetThePages() async throws {
        try await TestStack.withScope(partitions: 1) { scope in
            let file = NSTemporaryDirectory() + "suivi-console-password-\(UInt32.random(in: 0...UInt32.max))"
            try Data((Self.password + "\n").utf8).write(to: URL(fileURLWithPath: file))
            defer { try? FileManager.default.removeItem(atPath: file) }
            let (server, port) = try await Self.serve(scope, arguments: ["--password-file", file, "--user", "auditor"])
            defer { server.stop() }

            let refusals: [(String, [String])] = [
                ("no credentials", []),
                ("a wrong password", [Self.authorization("auditor", "c0rrect-h0rse")]),
                ("the password with a character more", [Self.authorization("auditor", Self.password + "!")]),
                ("a wrong user", [Self.authorization("admin", Self.password)]),
                ("another scheme", ["Authorization: Bearer " + Self.password]),
                ("malformed base64", ["Authorization: Basic %%%not-base64"]),
            ]
            for (what, headers) in refusals {
                for path in ["/", "/states?format=json", "/no/such/page", "/healthz"] {
                    let answer = try #require(MetricsScrape.get(path, port: port, headers: headers), "\(what) \(path)")
                    #expect(answer.status == 401, "\(what) \(path): \(answer.status)")
                    #expect(answer.head.contains("WWW-Authenticate: Basic realm=\"Suivi\""), "\(what): \(answer.head)")
                    #expect(answer.head.contains("Content-Security-Policy: default-src 'none'"), "\(what): \(answer.head)")
                    #expect(!answer.body.contains(Self.password) && !answer.head.contains(Self.password), "\(what): echoed")
                }
            }

            let right = [Self.authorization("auditor", Self.password)]
            for path in ["/", "/states", "/states?format=json", "/integrity", "/healthz"] {
                let answer = try #require(MetricsScrape.get(path, port: port, headers: right), "\(path)")
                #expect(answer.status == 200, "\(path): \(answer.status) \(answer.body.prefix(200))")
            }
            let unknown = try #require(MetricsScrape.get("/no/such/page", port: port, headers: right))
            #expect(unknown.status == 404, "past authentication, the routes answer as without it")

            #expect(server.stop() == 0)
            let log = server.log
            #expect(log.contains("suivi console listening on http://127.0.0.1:"))
            #expect(!log.contains(Self.password), "the password is in the log:\n\(log)")
            #expect(!log.contains(Data("auditor:\(Self.password)".utf8).base64EncodedString()), "the credentials are in the log")
        }
    }

    @Test func anUnusablePasswordFileStopsTheServerWithOneLine() async throws {
        try await TestStack.withScope(partitions: 1) { scope in
            let folder = NSTemporaryDirectory() + "suivi-console-auth-\(UInt32.random(in: 0...UInt32.max))"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let empty = folder + "/empty"
            try Data("\n".utf8).write(to: URL(fileURLWithPath: empty))
            for file in [folder + "/missing", empty, folder] {
                let result = try WorkerProcess.run(
                    "suivi", ["serve", "--port", "0", "--password-file", file], environment: scope.environment, timeout: 120)
                #expect(result.status == 78, "\(file): \(result.status) \(result.stderr)")
                #expect(result.stderr.split(separator: "\n").count == 1, "\(file): \(result.stderr)")
                #expect(result.stdout.isEmpty, "it never listened: \(result.stdout)")
            }
        }
    }
}
