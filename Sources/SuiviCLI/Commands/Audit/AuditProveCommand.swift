import SuiviOperations
import ArgumentParser
import SuiviApp
import SuiviDomain
import SuiviStore

struct AuditProveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prove",
        abstract: "Write an event's inclusion proof: its record, its Merkle audit path and the signed checkpoint that covers it.",
        discussion: """
            Check it anywhere with `suivi audit check FILE --public-key KEY` (no database, no configuration), or with \
            any RFC 6962 and Ed25519 implementation (Tests/Audit/verify_proof.py). Exit 2 for a malformed event id, 1 for an unknown event, 5 when \
            no checkpoint covers it yet, 4 when the store no longer matches its checkpoint.
            """)

    @Argument(help: "The event id.")
    var eventID: String

    @Option(help: "Where to write the proof (replaced if it exists).")
    var out: String

    @Flag(help: "Print JSON for scripts.")
    var json = false

    func validate() throws { try Identifiers.validateEventID(eventID) }

    func run() async throws {
        let context = CLIContext.load()
        let connection = context.database()
        let proof = AuditCommand.reporting { try ProofExport.proof(connection: connection, eventID: eventID) }
        AuditCommand.reporting { try AuditFiles.writeFile(Array((proof.json.prettyText() + "\n").utf8), to: out, mode: 0o644, exclusive: false) }
        let statement = proof.checkpoint.statement
        if json {
            print((["proof": .string(out), "eventId": .string(eventID), "position": .number(String(proof.position)),
                "checkpoint": .number(String(statement.sequence)), "leafIndex": .int(proof.leafIndex),
                "treeSize": .int(statement.eventCount)] as JSON).prettyText())
        } else {
            print("wrote \(out): event \(eventID) at position \(proof.position), leaf \(proof.leafIndex) of \(statement.eventCount) in checkpoint \(statement.sequence)")
            print("signed by \(AuditSigningKey.fingerprint(publicKey: statement.signer)) at \(statement.signedAt.rfc3339)")
        }
    }
}
