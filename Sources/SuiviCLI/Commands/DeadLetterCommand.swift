import ArgumentParser
import SuiviApp
import SuiviOperations
import SuiviDomain
import SuiviStore

struct DeadLetterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dlq",
        abstract: "Inspect, retry and skip dead letters (messages a worker could not process, kept whole).",
        subcommands: [List.self, Show.self, Retry.self, Skip.self],
        defaultSubcommand: List.self)

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List dead letters, oldest first.")

        @Option(help: "parked, retried, skipped or all.")
        var status: String = "parked"

        @Option(help: "decider or projector.")
        var consumer: String?

        @Option(help: "At most this many.")
        var limit: Int = 1000

        @Flag(help: "Print JSON for scripts.")
        var json = false

        func validate() throws {
            guard ["parked", "retried", "skipped", "all"].contains(status) else { throw ValidationError("--status must be parked, retried, skipped or all") }
            if let consumer, !["decider", "projector"].contains(consumer) { throw ValidationError("--consumer must be decider or projector") }
        }

        func run() async throws {
            let context = CLIContext.load()
            let connection = context.database()
            let letters = CLIContext.reporting {
                try DeadLetterStore(connection: connection).list(status: status == "all" ? nil : status, consumer: consumer, limit: limit)
            }
            if json {
                print(JSON.array(letters.map { $0.json(withMessage: false) }).prettyText())
                return
            }
            if letters.isEmpty { print("no \(status == "all" ? "" : status + " ")dead letters"); return }
            let table = TextTable(
                headers: ["ID", "CONSUMER", "SOURCE", "STATUS", "TRIES", "STREAM", "REASON"],
                rows: letters.map { letter in
                    [String(letter.id), letter.consumer, "\(letter.topic)/\(letter.partition)/\(letter.offset)", letter.status,
                     String(letter.attempts), letter.streamID ?? "-", String(letter.reason.prefix(70))]
                })
            print(table.rendered)
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one dead letter with its whole message (exit 1 when unknown).")

        @Argument(help: "The dead letter's id.")
        var id: Int64

        @Flag(help: "Print JSON for scripts.")
        var json = false

        func run() async throws {
            let context = CLIContext.load()
            let connection = context.database()
            guard let letter = CLIContext.reporting({ try DeadLetterStore(connection: connection).letter(id) }) else {
                CLIContext.fail("no dead letter \(id); see `suivi dlq list --status all`", code: .notFound)
            }
            let json = letter.json(withMessage: true)
            if self.json {
                print(json.prettyText())
            } else {
                for key in ["id", "consumer", "topic", "partition", "offset", "status", "attempts", "reasonCode", "reason", "receivedAt",
                    "streamId", "eventId", "version", "lastError", "resolution", "key"]
                {
                    if let value = json[key], value != .null { print("\(key.padded(12)) \(value.stringValue ?? value.canonicalText)") }
                }
                print("message:")
                print(json["message"]?.stringValue ?? "(binary) " + (json["messageHex"]?.stringValue ?? ""))
            }
        }
    }

    struct Retry: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Retry dead letters: a command is decoded again and republished; an event is applied again with the later parked events of its stream.",
            discussion: "Exit 0 when every retry succeeded, 4 when any failed (it stays parked with one more attempt).")

        @Argument(help: "Ids of the dead letters to retry.")
        var ids: [Int64] = []

        @Flag(help: "Retry every parked letter (of --consumer, if given).")
        var all = false

        @Option(help: "With --all: decider or projector.")
        var consumer: String?

        @Flag(help: "Print JSON for scripts.")
        var json = false

        func validate() throws {
            if ids.isEmpty && !all { throw ValidationError("name the dead letters to retry, or --all") }
        }

        func run() async throws {
            let context = CLIContext.load()
            let connection = context.database()
            let store = DeadLetterStore(connection: connection)
            let retry = DeadLetterRetry(configuration: context.configuration, connection: connection, logger: context.logger)
            let targets: [DeadLetterStore.Letter] = CLIContext.reporting {
                if all { return try store.list(status: "parked", consumer: consumer, limit: 100_000) }
                return try ids.map { id in
                    guard let letter = try store.letter(id) else {
                        CLIContext.fail("no dead letter \(id); see `suivi dlq list --status all`", code: .notFound)
                    }
                    return letter
                }
            }
            var done: Set<Int64> = []
            var results: [DeadLetterRetry.Result] = []
            for letter in targets where !done.contains(letter.id) {
                let current = CLIContext.reporting { try store.letter(letter.id) } ?? letter
                do {
                    let result = try await retry.retry(current)
                    done.formUnion(result.ids)
                    results.append(result)
                } catch {
                    CLIContext.fail(error)
                }
            }
            if json {
                print(JSON.array(results.map { result in
                    ["ids": .array(result.ids.map { .number(String($0)) }), "succeeded": .bool(result.succeeded), "message": .string(result.message)]
                }).prettyText())
            } else {
                for result in results {
                    print("\(result.ids.map(String.init).joined(separator: ",")): \(result.succeeded ? "ok" : "FAILED") \(result.message)")
                }
                if results.isEmpty { print("nothing to retry") }
            }
            if results.contains(where: { !$0.succeeded }) { throw ExitCode(Failure.ExitCode.checkFailed.rawValue) }
        }
    }

    struct Skip: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Give up on a dead letter, recording why (the reason is kept).")

        @Argument(help: "The dead letter's id.")
        var id: Int64

        @Option(help: "Why it is skipped (required; kept with the letter).")
        var reason: String

        func validate() throws {
            if reason.allSatisfy(\.isWhitespace) { throw ValidationError("--reason must say why the letter is skipped") }
        }

        func run() async throws {
            let context = CLIContext.load()
            let connection = context.database()
            let store = DeadLetterStore(connection: connection)
            guard let letter = CLIContext.reporting({ try store.letter(id) }) else {
                CLIContext.fail("no dead letter \(id); see `suivi dlq list --status all`", code: .notFound)
            }
            guard letter.status == "parked" else {
                CLIContext.fail("dead letter \(id) is \(letter.status), not parked", code: .invalidInput)
            }
            CLIContext.reporting {
                try DeadLetterRetry(configuration: context.configuration, connection: connection, logger: context.logger).skip(letter, reason: reason)
            }
            print("skipped dead letter \(id): \(reason)")
        }
    }
}

