import ArgumentParser
import SuiviOperations
import SuiviStore

struct ConsultationsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consultations",
        abstract: "The regional consultations and their coverage of the five regions (x/5).")

    @Flag(help: "Print JSON for scripts.")
    var json = false

    func run() async throws {
        let connection = CLIContext.load().database()
        let regional = CLIContext.reporting { try ConsultationQueries(connection: connection).regional() }
        print(json ? ConsultationsReport.json(regional) : ConsultationsReport.text(regional))
    }
}
