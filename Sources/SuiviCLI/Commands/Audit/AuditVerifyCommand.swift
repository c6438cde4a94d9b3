import ArgumentParser
import SuiviOperations
import SuiviStore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

struct AuditVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Walk the hash chains, the ledger and the signed checkpoints; compare the store with checkpoints and events kept outside.",
        discussion: """
            For each event: the hash recomputes from the stored content, prev_hash is the previous event's hash, versions \
            run 1, 2, 3... without gaps, and no event id is used twice. Over the whole store (no case id) also: each \
            event's ledger hash follows from the event before it in position order, the ledger head is the last event's, \
            the checkpoints in suivi.checkpoints form one signed chain, and each covers exactly the stored events of its \
            range (count, Merkle root, ledger hash). --checkpoints FILE (an export kept by a third party) or \
            --checkpoints-topic adds checkpoints kept outside the database: each must be in the table unchanged, and \
            the store must match it. With --against-topic, every stored event must be on the events topic with the same \
            eventhash and content (republished copies are fine), and every event on the topic must be in the store. \
            Exit 0 when all holds; exit 4 naming the first bad position (stream, version, event id, what is wrong).
            """)

    @Argument(help: "The case id (stream) to verify; all streams when omitted.")
    var caseID: String?

    @Flag(help: "Also compare the store with the events topic (read whole, from the beginning).")
    var againstTopic = false

    @Option(help: "A file of checkpoints kept outside the database (`suivi audit checkpoints export`) to compare the store with.")
    var checkpoints: String?

    @Flag(help: "Also compare the store with the checkpoints topic (read whole, from the beginning).")
    var checkpointsTopic = false

    @Option(help: "The public key (base64) that must have signed every checkpoint, as `suivi audit keygen` printed it.")
    var publicKey: String?

    @Option(help: "Seconds without a message after which the topic is taken as read to the end.")
    var settle: Double = 2

    @Option(help: "Most seconds the topic read may take.")
    var topicTimeout: Double = 600

    @Flag(help: "Print JSON for scripts.")
    var json = false

    func validate() throws {
        guard settle > 0, settle <= 600 else { throw ValidationError("--settle must be more than 0 and at most 600 seconds") }
        guard topicTimeout > 0 else { throw ValidationError("--topic-timeout must be more than 0 seconds") }
        if caseID != nil, checkpoints != nil || checkpointsTopic {
            throw ValidationError("--checkpoints and --checkpoints-topic check the whole store's ledger: leave out the case id")
        }
    }

    func run() async throws {
        let context = CLIContext.load()
        let connection = context.database()
        let showProgress = isatty(2) == 1 && !json
        var nextReport = 100_000
        let reader = againstTopic
            ? EventsTopicReader(configuration: context.configuration, settle: .milliseconds(Int64(settle * 1000)),
                timeout: .milliseconds(Int64(topicTimeout * 1000)))
            : nil
        var signer: [UInt8]?
        if let publicKey {
            guard let bytes = Base64.decode(publicKey), bytes.count == 32 else {
                CLIContext.fail("--public-key must be a 32-byte Ed25519 public key in base64, as `suivi audit keygen` prints it", code: .usage)
            }
            signer = bytes
        }
        var outside: [SignedCheckpoint]?
        if let checkpoints { outside = AuditCommand.reporting { try CheckpointFiles.read(checkpoints) } }
        if checkpointsTopic {
            let topicReader = CheckpointsTopicReader(configuration: context.configuration, settle: .milliseconds(Int64(settle * 1000)),
                timeout: .milliseconds(Int64(topicTimeout * 1000)))
            let read = AuditCommand.reporting { try topicReader.read(logger: context.logger) }
            outside = (outside ?? []) + read
        }
        let report = AuditCommand.reporting {
            try AuditVerification.verify(
                connection: connection, streamID: caseID, topic: reader, outsideCheckpoints: outside, expectedSigner: signer,
                progress: { checked in
                guard showProgress, checked >= nextReport else { return }
                CLIContext.eprint("suivi: \(checked) events checked...")
                nextReport = (checked / 100_000 + 1) * 100_000
            }, logger: context.logger)
        }
        print(json ? report.json.prettyText() : report.text)
        if let failure = report.firstFailure {
            CLIContext.fail("verification failed at \(failure)", code: .checkFailed)
        }
    }
}
