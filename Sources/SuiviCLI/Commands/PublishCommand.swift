import ArgumentParser
import SuiviApp
import SuiviOperations
import SuiviDomain

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

struct PublishCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Validate commands locally, then publish the valid ones to the commands topic, keyed by subject.",
        discussion: """
            FILE holds one JSON message or NDJSON (one message per line); - reads standard input. Each message gets \
            a verdict line. Invalid messages are not published. Exit 0 when every message was published, 3 when any \
            was invalid (the valid ones are still published unless --all-or-nothing), 5 when the broker is unreachable.
            """)

    @Argument(help: "A file of JSON or NDJSON messages, or - for standard input.")
    var file: String

    @Flag(help: "Only validate; publish nothing.")
    var dryRun = false

    @Flag(help: "Publish nothing if any message is invalid.")
    var allOrNothing = false

    @Flag(help: "Print the verdicts as JSON.")
    var json = false

    func run() async throws {
        let context = CLIContext.load()
        guard let bytes = Self.read(file) else {
            CLIContext.fail("cannot read \(file): \(String(cString: strerror(errno))); give a readable file or - for standard input",
                code: .invalidInput)
        }
        let messages = CommandPublisher.split(bytes)
        if messages.isEmpty { CLIContext.fail("\(file) holds no message", code: .invalidInput) }
        let checked = CommandPublisher.validate(messages)
        let invalid = checked.filter { !$0.0.isValid }.count
        var verdicts = checked.map(\.0)
        if !dryRun && !(allOrNothing && invalid > 0) && invalid < checked.count {
            do {
                let publisher = try CommandPublisher(configuration: context.configuration, logger: context.logger)
                verdicts = try await publisher.publish(checked)
                publisher.close()
            } catch {
                CLIContext.fail(error)
            }
        }
        report(verdicts)
        if invalid > 0 { throw ExitCode(Failure.ExitCode.invalidInput.rawValue) }
    }

    private func report(_ verdicts: [CommandPublisher.Verdict]) {
        if json {
            let items: [JSON] = verdicts.map { verdict in
                var members: [String: JSON] = ["line": .int(verdict.line), "valid": .bool(verdict.isValid)]
                if let id = verdict.commandID { members["id"] = .string(id) }
                if let subject = verdict.subject { members["subject"] = .string(subject) }
                if let type = verdict.type { members["type"] = .string(type) }
                if let partition = verdict.partition { members["partition"] = .int(Int(partition)) }
                if let offset = verdict.offset { members["offset"] = .number(String(offset)) }
                members["published"] = .bool(verdict.offset != nil)
                if let failure = verdict.failure {
                    members["violations"] = .array(failure.violations.map {
                        ["path": .string($0.path), "code": .string($0.code.rawValue), "message": .string($0.message)]
                    })
                }
                return .object(members)
            }
            print(JSON.array(items).prettyText())
            return
        }
        for verdict in verdicts {
            if let failure = verdict.failure {
                for violation in failure.violations { print("line \(verdict.line): invalid: \(violation.path): \(violation.message)") }
            } else if let offset = verdict.offset, let partition = verdict.partition {
                print("line \(verdict.line): published \(verdict.commandID!) (\(verdict.type!) \(verdict.subject!)) to partition \(partition) at offset \(offset)")
            } else {
                print("line \(verdict.line): valid \(verdict.commandID!) (\(verdict.type!) \(verdict.subject!)), not published")
            }
        }
    }

    static func read(_ path: String) -> [UInt8]? {
        let handle: UnsafeMutablePointer<FILE>?
        if path == "-" { handle = fdopen(dup(0), "rb") } else { handle = fopen(path, "rb") }
        guard let handle else { return nil }
        defer { fclose(handle) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = fread(&buffer, 1, buffer.count, handle)
            if count > 0 { bytes.append(contentsOf: buffer[0..<count]) }
            if count < buffer.count { break }
        }
        return ferror(handle) == 0 ? bytes : nil
    }
}
