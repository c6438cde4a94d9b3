import ArgumentParser
import Foundation
import Logging
import SuiviApp
import SuiviConsole
import SuiviPostgres

struct StateReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "One State's cases, consents, decisions and activities, for a period or as of a date.",
        discussion: """
            The same page as the console's /states/STATE, in the same languages (SUIVI_LANG or LANG: en, fr). \
            --as-of DATE rebuilds each case from the event store, comparing DATE with each event's recordedAt \
            (--by recorded, "as the system knew it") or occurredAt (--by occurred, "as things stood"); a bare \
            date means the end of that day, UTC. Each list says its total and how many more rows --offset shows. \
            Exit 1 when no case of STATE is recorded, 2 for a malformed State code or date.
            """)

    @Argument(help: "The State, ISO 3166-1 alpha-3 (e.g. TGO).")
    var state: String

    @Option(help: "Only what happened from this day (YYYY-MM-DD).")
    var from: String?

    @Option(help: "Only what happened up to this day (YYYY-MM-DD).")
    var to: String?

    @Option(name: .customLong("as-of"), help: "The State as it stood at this day's end (YYYY-MM-DD) or moment (RFC 3339).")
    var asOf: String?

    @Option(help: "With --as-of: compare with recorded (default) or occurred time.")
    var by: String?

    @Option(help: "Rows per list (1-500).")
    var limit = 50

    @Option(help: "Rows skipped at the start of each list.")
    var offset = 0

    @Option(help: "Write the HTML page to this file.")
    var html: String?

    @Flag(help: "Print CSV (with --table: which list).")
    var csv = false

    @Option(help: "With --csv: cases, consents, decisions or activities.")
    var table: String?

    @Flag(help: "Print JSON for scripts.")
    var json = false

    func validate() throws {
        if [html != nil, csv, json].filter({ $0 }).count > 1 { throw ValidationError("choose one of --html, --csv and --json") }
    }

    func run() async throws {
        let format = html != nil ? "html" : csv ? "csv" : json ? "json" : "text"
        let environment = Environment()
        let language = environment["SUIVI_LANG"] ?? String((environment["LANG"] ?? "en").prefix(2))
        let answer = await ConsoleCall.run(
            path: "/states/\(state)",
            parameters: [
                ("from", from), ("to", to), ("asof", asOf), ("by", by), ("limit", String(limit)), ("offset", String(offset)),
                ("table", table), ("format", format), ("lang", language == "fr" ? "fr" : "en"),
            ])
        if let html {
            do { try Data(answer.body.utf8).write(to: URL(fileURLWithPath: html), options: .atomic) } catch {
                CLIContext.fail("cannot write \(html): \(error.localizedDescription)", code: .failure)
            }
            print("wrote \(html)")
        } else {
            // By bytes: CSV lines end in CRLF, which Swift counts as one Character that is not "\n".
            print(answer.body, terminator: answer.body.utf8.last == UInt8(ascii: "\n") ? "" : "\n")
        }
    }
}
