import SuiviApp
import ArgumentParser
import SuiviOperations
import SuiviDomain
import SuiviStore

struct AuditExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a case's events, hashes and head hash to a bundle signed with Ed25519.",
        discussion: """
            The case's chain is verified first; a broken chain is not exported (exit 4). The key comes from --key or \
            SUIVI_AUDIT_KEY_FILE. Check the bundle anywhere with `suivi audit check FILE --public-key KEY`.
            """)

    @Argument(help: "The case id.")
    var caseID: String

    @Option(help: "Where to write the bundle (replaced if it exists).")
    var out: String

    @Option(help: "The signing key file (default: $SUIVI_AUDIT_KEY_FILE).")
    var key: String?

    @Flag(help: "Print JSON for scripts.")
    var json = false

    func run() async throws {
        let signingKey = AuditCommand.reporting { try AuditFiles.loadKey(path: key) }
        let context = CLIContext.load()
        let connection = context.database()
        let bundle = AuditCommand.reporting {
            try CaseExport.bundle(connection: connection, caseID: caseID, key: signingKey, exportedAt: SystemClock.now())
        }
        AuditCommand.reporting { try AuditFiles.writeFile(Array((bundle.json.prettyText() + "\n").utf8), to: out, mode: 0o644, exclusive: false) }
        let count = bundle.body["eventCount"]?.intValue ?? 0
        let head = bundle.body["headHash"]?.stringValue ?? ""
        if json {
            print((["bundle": .string(out), "caseId": .string(caseID), "eventCount": .int(count), "headHash": .string(head),
                "signer": .string(signingKey.fingerprint)] as JSON).prettyText())
        } else {
            print("wrote \(out): case \(caseID), \(count) event\(count == 1 ? "" : "s"), head \(head)")
            print("signed by \(signingKey.fingerprint)")
        }
    }
}
