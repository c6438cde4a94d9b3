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
        abstract: "Walk the hash chains of one case or of the whole store; with --against-topic, compare the store with the events topic.",
        discussion: """
            For each event: the hash recomputes from the stored content, prev_hash is the previous event's hash, versions \
            run 1, 2, 3... without gaps, and no event id is used twice. With --against-topic, every stored event must be on \
            the events topic with the same eventhash and content (republished copies are fine), and every event on the \
            topic must be in the store. Exit 0 when all holds; exit 4 naming the first bad event (stream, version, \
            position, event id, what is wrong).
            """)

    @Argument(help: "The case id (stream) to verify; all streams when omitted.")
    var caseID: String?

    @Flag(help: "Also compare the store with the events topic (read whole, from the beginning).")
    var againstTopic = false

    @Option(help: "Seconds without a message after which the topic is taken as read to the end.")
    var settle: Double = 2

    @Option(help: "Most seconds the topic read may take.")
    var topicTimeout: Double = 600

    @Flag(help: "Print JSON for scripts.")
    var json = false

    func validate() throws {
        guard settle > 0, settle <= 600 else { throw ValidationError("--settle must be more than 0 and at most 600 seconds") }
        guard topicTimeout > 0 else { throw ValidationError("--topic-timeout must be more than 0 seconds") }
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
        let report = AuditCommand.reporting {
            try AuditVerification.verify(connection: connection, streamID: caseID, topic: reader, progress: { checked in
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
