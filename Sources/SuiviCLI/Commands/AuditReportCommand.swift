import ArgumentParser
import SuiviOperations
import SuiviConsole
import SuiviStore

struct AuditReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract:
            "Write one self-contained HTML page: the case's timeline drawn, every outcome and event, the hash-chain check.",
        discussion: """
            The page has inline CSS and SVG only (no script, no external resource): consents as validity bars, \
            approvals and activities as marks on the consent they relied on, rejected commands as red crosses with \
            their reason codes, and the result of recomputing the case's hash chain. Exit 1 when the case is unknown.
            """)

    @Argument(help: "The case id.")
    var caseID: String

    @Option(help: "The HTML file to write.")
    var html: String

    @Option(help: "The page's language: en (default) or fr.")
    var lang = "en"

    func validate() throws {
        try Identifiers.validate(caseID, what: "case")
        guard Catalogue.all.contains(where: { $0.code == lang }) else {
            throw ValidationError("--lang is \(Catalogue.all.map(\.code).joined(separator: " or ")), not '\(lang)'")
        }
    }

    func run() async throws {
        let connection = CLIContext.load().database()
        let labels = (Catalogue.all.first { $0.code == lang } ?? Catalogue.english).reportLabels
        guard let page = CLIContext.reporting({ try AuditPage.render(caseID, connection: connection, labels: labels) }) else {
            CLIContext.fail("no case \(caseID) in the event store; check the id", code: .notFound)
        }
        CLIContext.reporting { try page.write(to: html) }
        print("wrote \(html): \(page.summary)")
    }
}
