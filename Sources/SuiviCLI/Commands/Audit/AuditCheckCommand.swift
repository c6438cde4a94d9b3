import SuiviApp
import ArgumentParser
import SuiviOperations
import SuiviStore

struct AuditCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Verify an audit bundle offline: signature, every hash, links and versions.",
        discussion: """
            Needs no database and no broker and reads no configuration. Without --public-key it prints the signer's \
            fingerprint for you to compare with the one you expect. Exit 0 when the bundle holds, 4 naming the first \
            problem otherwise, 3 when the file cannot be read.
            """)

    @Argument(help: "The bundle file.")
    var file: String

    @Option(help: "The public key (base64) expected to have signed the bundle.")
    var publicKey: String?

    @Flag(help: "Print JSON for scripts.")
    var json = false

    func run() async throws {
        var expected: [UInt8]?
        if let publicKey {
            guard let bytes = Base64.decode(publicKey), bytes.count == 32 else {
                CLIContext.fail("--public-key must be a 32-byte Ed25519 public key in base64, as `suivi audit keygen` prints it",
                    code: .usage)
            }
            expected = bytes
        }
        let bytes = AuditCommand.reporting { try AuditFiles.readFile(file) }
        let bundle = AuditCommand.reporting { try AuditBundle.parse(bytes) }
        let check = bundle.check(expectedPublicKey: expected)
        print(json ? check.json.prettyText() : check.text)
        if let failure = check.firstFailure {
            CLIContext.fail("bundle check failed at \(failure)", code: .checkFailed)
        }
    }
}
