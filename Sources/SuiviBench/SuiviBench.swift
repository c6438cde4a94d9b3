import ArgumentParser
import Foundation
import Logging
import SuiviApp

/// `suivi-bench`: measures Suivi against the limits of its machine, in one run (see `ops/bench`).
@main
struct SuiviBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suivi-bench",
        abstract:
            "Benchmark the decider, the projector, rebuilds and end-to-end latency against the machine's own limits.")

    @Option(help: "Commands to generate and decide (default 200,000; 20,000 with --decide-only or --latency-only).")
    var events: Int?

    @Option(help: "Assistance cases the commands are spread over (default 2,000; 200 with --decide-only).")
    var cases: Int?

    @Option(help: "Offered rate of the latency run, commands/s.")
    var rate: Int = 2_000

    @Option(help: "Seconds of the latency run.")
    var latencySeconds: Int = 10

    @Option(help: "Write the JSON report to this file.")
    var json: String?

    @Option(help: "Folder with the release executables suivi, suivi-decider and suivi-projector.")
    var binPath: String?

    @Flag(
        help:
            "A short run for CI (5,000 commands over 50 cases, 3 s of latency run): fails only on a crash or a wrong count."
    )
    var quick = false

    @Flag(help: "Keep the benchmark's database and topics.")
    var keep = false

    @Flag(
        help:
            "Only decode and decide the workload in memory on one core, with no stack (for profiling with perf record; reports the time on CPU and a digest of the decided bytes)."
    )
    var decideOnly = false

    @Flag(
        help:
            "Only the end-to-end latency run: the workload (--events, --cases) decided and projected first as a warm-up with both workers running, then --rate for --latency-seconds; reports the latency figures and the read-model checks."
    )
    var latencyOnly = false

    func validate() throws {
        if !decideOnly && binPath == nil { throw ValidationError("Missing expected argument '--bin-path <bin-path>'") }
    }

    func run() async throws {
        if decideOnly {
            print(DecideProfile(commands: events ?? 20_000, cases: cases ?? 200).run().text)
            return
        }
        let events = events ?? (latencyOnly ? 20_000 : 200_000)
        let cases = cases ?? 2_000
        guard let binPath else { throw ValidationError("Missing expected argument '--bin-path <bin-path>'") }
        var options = BenchOptions(
            commands: events, cases: cases, rate: rate, latencySeconds: latencySeconds, binPath: binPath, keep: keep,
            quick: quick, latencyOnly: latencyOnly)
        if quick {
            options.commands = min(events, 5_000)
            options.cases = min(cases, 50)
            options.latencySeconds = min(latencySeconds, 3)
        }
        let configuration = try SuiviConfiguration.load()
        let frozen = options
        let report = try await onThread("suivi-bench") { try Bench(options: frozen, base: configuration).run() }
        print(report.table)
        if let json {
            try Data((report.json.prettyText() + "\n").utf8).write(to: URL(fileURLWithPath: json))
            print("report written to \(json)")
        }
        if report.checks.contains(where: { !$0.passed }) { throw ExitCode(4) }
    }
}

struct BenchOptions: Sendable {
    var commands: Int
    var cases: Int
    var rate: Int
    var latencySeconds: Int
    var binPath: String
    var keep: Bool
    var quick: Bool
    var latencyOnly = false
}
