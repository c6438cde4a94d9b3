import ArgumentParser
import SuiviApp
import SuiviOperations
import SuiviDomain
import Synchronization
import UnixSignals

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

struct RebuildCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rebuild",
        abstract: "Rebuild the read models into a shadow schema while the projector keeps serving, then swap it in.",
        discussion: """
            Builds every read model into the schema suivi_read_shadow from the event store (default) or from the \
            events topic, while the live projector keeps serving. When the shadow has caught up, it is brought up to \
            what the live projector has applied and swapped in atomically; the projector continues from the same \
            offsets. Ctrl-C (SIGINT) or SIGTERM cancels after the chunk in hand; --resume continues.

            --verify builds the shadow, compares it with the live read models table by table (row counts and a \
            checksum of every row, volatile columns such as updated_at left out) and exits 4 on any difference, \
            without swapping.

            Runs with the operator login (a member of suivi_operator, which owns the read-model schemas; \
            ops/RUNBOOK.md, "Logins"); another login stops at once with exit 78.
            """)

    @Option(help: "Where to read history from: store or topic.")
    var source: String = "store"

    @Flag(help: "Compare with the live read models instead of swapping (exit 4 on differences).")
    var verify = false

    @Flag(help: "Continue the shadow of a cancelled rebuild.")
    var resume = false

    @Option(help: "Store source only: replay events after this position.")
    var fromPosition: Int64?

    @Option(help: "Store source only: replay events recorded after this RFC 3339 time.")
    var fromTime: String?

    @Flag(help: "Keep the replaced schema under a retired name instead of dropping it.")
    var keepRetired = false

    @Option(help: "Events per transaction.")
    var chunkSize: Int = 10_000

    @Flag(help: "Print a JSON summary.")
    var json = false

    func validate() throws {
        guard RebuildOptions.Source(rawValue: source) != nil else { throw ValidationError("--source must be store or topic, not \(source)") }
        if let fromTime, Timestamp(rfc3339: fromTime) == nil {
            throw ValidationError("--from-time \(fromTime) is not an RFC 3339 time such as 2026-03-01T00:00:00Z")
        }
        if (fromTime != nil || fromPosition != nil) && source == "topic" { throw ValidationError("--from-position and --from-time need --source store") }
        if chunkSize < 1 || chunkSize > 1_000_000 { throw ValidationError("--chunk-size must be from 1 to 1000000") }
    }

    func run() async throws {
        let context = CLIContext.load()
        var options = RebuildOptions()
        options.source = RebuildOptions.Source(rawValue: source)!
        options.verify = verify
        options.resume = resume
        options.fromPosition = fromPosition
        options.fromTime = fromTime.flatMap(Timestamp.init(rfc3339:))
        options.keepRetired = keepRetired
        options.chunkSize = chunkSize
        let bar = ProgressBar()
        let cancel = await CancelOnSignal()
        let report = CLIContext.reporting {
            try ReadModelRebuilder(configuration: context.configuration, logger: context.logger) { bar.update($0) }
                .run(options, shouldStop: { cancel.requested })
        }
        bar.finish()
        if json {
            print(report.json.prettyText())
        } else if report.cancelled {
            print("cancelled after \(report.events) events; continue with: suivi rebuild --resume --source \(source)")
        } else {
            let rate = report.seconds > 0 ? Int(Double(report.events) / report.seconds) : 0
            print("replayed \(report.events) events from the \(source) in \(String(format3(report.seconds))) s (\(rate) events/s)")
            if report.swapped {
                print("swapped the rebuilt read models in\(report.retiredSchema.map { "; the old ones are kept as \($0)" } ?? "")")
            } else if report.differences.isEmpty {
                print("verified: \(report.tablesCompared) tables identical to the live read models")
            } else {
                for difference in report.differences {
                    print("DIFFERENT \(difference.table): live \(difference.liveRows) rows, rebuilt \(difference.shadowRows) rows; keys: \(difference.keys.joined(separator: ", "))")
                }
            }
        }
        if report.cancelled { throw ExitCode(Failure.ExitCode.checkFailed.rawValue) }
        if verify && !report.differences.isEmpty { throw ExitCode(Failure.ExitCode.checkFailed.rawValue) }
    }

    private func format3(_ value: Double) -> String {
        let millis = Int((value * 1000).rounded())
        let fraction = String(millis % 1000)
        return "\(millis / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
    }
}

/// Turns SIGINT and SIGTERM into a request to stop after the current chunk, through swift-service-lifecycle's
/// `UnixSignalsSequence` (the one signal mechanism of every executable).
final class CancelOnSignal: Sendable {
    private final class Flag: Sendable {
        let raised = Atomic<Bool>(false)
    }

    private let flag = Flag()
    private let watcher: Task<Void, Never>

    init() async {
        let signals = await UnixSignalsSequence(trapping: .sigint, .sigterm)
        let flag = self.flag
        watcher = Task {
            for await _ in signals { flag.raised.store(true, ordering: .relaxed) }
        }
    }

    deinit { watcher.cancel() }

    var requested: Bool { flag.raised.load(ordering: .relaxed) }
}
