import SuiviApp
import ArgumentParser
import SuiviOperations
import SuiviDomain
import SuiviStore

struct AuditKeygenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Make an Ed25519 key that signs audit bundles.",
        discussion: """
            The key is written as PKCS #8 PEM (-----BEGIN PRIVATE KEY-----, readable by `openssl pkey`), mode 0600; an \
            existing file is never replaced. Prints the public key (base64), which auditors pass to `suivi audit check \
            --public-key`, and its fingerprint (SHA256: and the hex SHA-256 of the 32-byte public key).
            """)

    @Option(help: "Where to write the private key (must not exist).")
    var out: String

    @Flag(help: "Print JSON for scripts.")
    var json = false

    func run() async throws {
        let key = AuditSigningKey()
        AuditCommand.reporting { try AuditFiles.writeKey(key, to: out) }
        if json {
            print((["keyFile": .string(out), "publicKey": .string(key.publicKeyBase64), "fingerprint": .string(key.fingerprint)]
                as JSON).prettyText())
        } else {
            print("wrote \(out) (mode 0600)")
            print("public key   \(key.publicKeyBase64)")
            print("fingerprint  \(key.fingerprint)")
        }
    }
}
