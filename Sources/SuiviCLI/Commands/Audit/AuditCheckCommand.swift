import SuiviApp
import ArgumentParser
import SuiviDomain
import SuiviOperations
import SuiviStore

struct AuditCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Verify an audit bundle or an inclusion proof offline: signatures, every hash, links, versions and audit paths.",
        discussion: """
            Needs no database and no broker and reads no configuration. A bundle (`suivi audit export`) is checked \
            event by event, with the inclusion proofs it carries; a proof (`suivi audit prove`) from its record to the \
            signed checkpoint. Without --public-key it prints the signer's fingerprint for you to compare with the one \
            you expect. Exit 0 when the file holds, 4 naming the first problem otherwise, 3 when it cannot be read.
            """)

    @Argument(help: "The bundle or proof file.")
    var file: String

    @Option(help: "The public key (base64) expected to have signed the bundle, or the proof's checkpoint.")
    var publicKey: String?

    @Option(help: "The public key (base64) expected to have signed the checkpoints of a bundle's inclusion proofs.")
    var checkpointKey: String?

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
        if let document = try? JSONParser.parse(bytes), InclusionProof.isProof(document) {
            let proof = AuditCommand.reporting { try InclusionProof(json: document) }
            let check = proof.check(expectedPublicKey: expected)
            print(json ? check.json.prettyText() : check.text)
            if let failure = check.firstFailure {
                CLIContext.fail("proof check failed at \(failure)", code: .checkFailed)
            }
            return
        }
        let bundle = AuditCommand.reporting { try AuditBundle.parse(bytes) }
        var checkpointExpected: [UInt8]?
        if let checkpointKey {
            guard let bytes = Base64.decode(checkpointKey), bytes.count == 32 else {
                CLIContext.fail("--checkpoint-key must be a 32-byte Ed25519 public key in base64, as `suivi audit keygen` prints it", code: .usage)
            }
            checkpointExpected = bytes
        }
        let check = bundle.check(expectedPublicKey: expected, expectedCheckpointKey: checkpointExpected)
        print(json ? check.json.prettyText() : check.text)
        if let failure = check.firstFailure {
            CLIContext.fail("bundle check failed at \(failure)", code: .checkFailed)
        }
    }
}
