import SuiviOperations
import ArgumentParser
import SuiviApp
import SuiviDomain
import SuiviStore

/// `suivi audit checkpoints`: the signed checkpoints of the ledger, for safekeeping outside the operator's reach.
struct AuditCheckpointsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoints",
        abstract: "List, export or sign the signed checkpoints of the ledger.",
        discussion: """
            The decider signs checkpoints when SUIVI_CHECKPOINT_KEY_FILE names a key (docs/SECURITY.md). Export them to \
            a file that a third party keeps, then compare the store with it: `suivi audit verify --checkpoints FILE`.
            """,
        subcommands: [AuditCheckpointsListCommand.self, AuditCheckpointsExportCommand.self, AuditCheckpointsSignCommand.self])
}

struct AuditCheckpointsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the checkpoints in suivi.checkpoints.")

    @Option(help: "Only checkpoints after this sequence number.")
    var after: Int64 = 0

    @Flag(help: "Print JSON for scripts.")
    var json = false

    func run() async throws {
        let context = CLIContext.load()
        let connection = context.database()
        let checkpoints = AuditCommand.reporting { try CheckpointStore(connection: connection).checkpoints(after: after) }
        if json {
            print(JSON.array(checkpoints.map { checkpoint in
                let statement = checkpoint.statement
                return [
                    "sequence": .number(String(statement.sequence)), "afterPosition": .number(String(statement.afterPosition)),
                    "lastPosition": .number(String(statement.lastPosition)), "eventCount": .int(statement.eventCount),
                    "ledgerHash": .string(Hex.encode(statement.ledgerHash)), "merkleRoot": .string(Hex.encode(statement.merkleRoot)),
                    "signedAt": .string(statement.signedAt.rfc3339),
                    "signer": .string(AuditSigningKey.fingerprint(publicKey: statement.signer)),
                    "hash": .string(Hex.encode(checkpoint.hash)), "signatureHolds": .bool(checkpoint.signatureHolds),
                ]
            }).prettyText())
            return
        }
        if checkpoints.isEmpty { print("no checkpoints" + (after > 0 ? " after \(after)" : "")) }
        for checkpoint in checkpoints {
            let statement = checkpoint.statement
            print("#\(statement.sequence)  positions \(statement.afterPosition + 1)-\(statement.lastPosition)  \(statement.eventCount) events  "
                + "signed \(statement.signedAt.rfc3339)  root \(Hex.encode(statement.merkleRoot).prefix(16))…")
        }
    }
}

struct AuditCheckpointsExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write every checkpoint to a file (one signed checkpoint a line) for safekeeping by a third party.",
        discussion: """
            The file holds the statements and signatures only (no event content). Each line is what the checkpoints \
            topic carries; a keeper may append later exports' new lines. Compare the store with it later: \
            `suivi audit verify --checkpoints FILE --public-key KEY`.
            """)

    @Option(help: "Where to write the checkpoints (replaced if it exists).")
    var out: String

    @Flag(help: "Print JSON for scripts.")
    var json = false

    func run() async throws {
        let context = CLIContext.load()
        let connection = context.database()
        let checkpoints = AuditCommand.reporting { try CheckpointStore(connection: connection).checkpoints() }
        AuditCommand.reporting { try AuditFiles.writeFile(CheckpointFiles.lines(checkpoints), to: out, mode: 0o644, exclusive: false) }
        let last = checkpoints.last?.statement
        if json {
            print((["file": .string(out), "checkpoints": .int(checkpoints.count),
                "lastSequence": last.map { .number(String($0.sequence)) } ?? .null,
                "lastPosition": last.map { .number(String($0.lastPosition)) } ?? .null] as JSON).prettyText())
        } else {
            print("wrote \(out): \(checkpoints.count) checkpoint\(checkpoints.count == 1 ? "" : "s")"
                + (last.map { ", up to position \($0.lastPosition) (#\($0.sequence), signed \($0.signedAt.rfc3339))" } ?? ""))
        }
    }
}

struct AuditCheckpointsSignCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign",
        abstract: "Sign checkpoints over what the ledger holds beyond the last one, now (as the decider does).",
        discussion: """
            For a signer run apart from the deciders (its own host and key, e.g. from a timer). Needs INSERT on \
            suivi.checkpoints (the suivi_decider role). Publish them with the decider, or keep them with export.
            """)

    @Option(help: "The signing key file (default: $SUIVI_CHECKPOINT_KEY_FILE).")
    var key: String?

    @Option(help: "Most events one checkpoint covers (default: $SUIVI_CHECKPOINT_EVENTS).")
    var maxEvents: Int?

    @Flag(help: "Print JSON for scripts.")
    var json = false

    func run() async throws {
        let context = CLIContext.load()
        let path = key ?? context.configuration.checkpoints.keyFile
        guard let path else {
            CLIContext.fail("no checkpoint key: pass --key FILE or set SUIVI_CHECKPOINT_KEY_FILE (make one with `suivi audit keygen --out FILE`)",
                code: .usage)
        }
        let signingKey = AuditCommand.reporting { try AuditFiles.loadKey(path: path) }
        let connection = context.database()
        let signed = AuditCommand.reporting {
            try CheckpointStore(connection: connection).signDue(
                key: signingKey, maxEvents: maxEvents ?? context.configuration.checkpoints.maxEvents, now: SystemClock.now())
        }
        if json {
            print((["signed": .int(signed.count), "lastPosition": signed.last.map { .number(String($0.statement.lastPosition)) } ?? .null]
                as JSON).prettyText())
        } else {
            print(signed.isEmpty ? "nothing to sign: the last checkpoint covers the ledger (or another signer is at work)"
                : "signed \(signed.count) checkpoint\(signed.count == 1 ? "" : "s") up to position \(signed.last!.statement.lastPosition)")
        }
    }
}
