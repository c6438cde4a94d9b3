import Logging
import SuiviConsole
import SuiviPostgres

/// Runs one console page from the CLI (so that `suivi state report` and `/states/X` are the same page)
/// and turns a refusal into the CLI's exit codes: 404 -> 1, 4xx -> 2, 503 -> 5.
enum ConsoleCall {
    static func run(path: String, parameters: [(String, String?)]) async -> ConsoleResponse {
        let context = CLIContext.load()
        let url = context.configuration.databaseURL
        let logger = context.logger
        _ = context.database()  // fails with one line and exit 5/78 when the store cannot be used
        let open: @Sendable () throws -> PostgresConnection = {
            try PostgresConnection(connectionString: url, applicationName: "suivi", logger: logger)
        }
        let handler = ConsoleHandler(
            pages: ConsoleDatabase(label: "suivi-cli-pages", open: open), checks: ConsoleDatabase(label: "suivi-cli-checks", open: open),
            logger: logger)
        let query = parameters.compactMap { name, value in value.map { "\(name)=\(percentEncoded($0))" } }.joined(separator: "&")
        let answer = await handler.respond(ConsoleRequest(path: path, query: query))
        switch answer.status {
        case 200: return answer
        case 404: CLIContext.fail(message(answer), code: .notFound)
        case 503: CLIContext.fail(message(answer), code: .unavailable)
        default: CLIContext.fail(message(answer), code: .usage)
        }
    }

    static func message(_ answer: ConsoleResponse) -> String { answer.message ?? "the page answered \(answer.status)" }

    static func percentEncoded(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: ":"):
                out.append(Character(Unicode.Scalar(byte)))
            default:
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded
            }
        }
        return out
    }
}

extension String {
    fileprivate var leftPadded: String { count == 1 ? "0" + self : self }
}
