import Foundation

/// Where the machine's CPU went during each step of a run: every half second, the machine's busy and
/// total time (`/proc/stat`) and the CPU time of every process (`/proc/PID/stat`, user + system), summed
/// by program (`tansu`, `postgres`, `suivi-decider`, ...). A step's usage is then the difference between
/// the samples around it, so the report can say, beside each figure, whether the machine had CPU left
/// or which program spent it.
final class CPUTimeline: @unchecked Sendable {
    /// Cumulative clock ticks at one moment.
    struct Sample {
        var time: Double
        var busy: UInt64
        var total: UInt64
        var programs: [String: UInt64]
    }

    /// The CPU of an interval: the machine's busy share of all its cores, and the cores each program used.
    struct Usage {
        var seconds: Double
        var busy: Double
        var cores: [String: Double]

        /// "machine busy 86% of 2 cores; cores used: suivi-decider 0.61, postgres 0.51, tansu 0.20": the
        /// programs above 0.02 of a core, largest first.
        var summary: String {
            let programs = cores.filter { $0.value >= 0.02 }.sorted { $0.value > $1.value }
                .map { "\($0.key) \(format($0.value, decimals: 2))" }
            return "machine busy \(format(busy * 100, decimals: 0))% of \(CPUTimeline.cores) cores; cores used: "
                + programs.joined(separator: ", ")
        }
    }

    static let cores = ProcessInfo.processInfo.activeProcessorCount
    private static let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))

    private let samples = Shared<[Sample]>([])
    private let stop = Shared(false)
    private var thread: Thread?

    func start() {
        let thread = Thread { [self] in
            var last: [Int32: (program: String, ticks: UInt64)] = [:]
            var cumulative: [String: UInt64] = [:]
            var first = true
            while !stop.read({ $0 }) {
                var seen: [Int32: (program: String, ticks: UInt64)] = [:]
                for (pid, program, ticks) in Self.processes() {
                    // A process first seen after the first sample started since: all its time is new. So did
                    // one whose pid was reused (fewer ticks than the pid had).
                    var before = last[pid]?.ticks ?? (first ? ticks : 0)
                    if before > ticks { before = 0 }
                    cumulative[program, default: 0] += ticks - before
                    seen[pid] = (program, ticks)
                }
                last = seen
                first = false
                if let (busy, total) = Self.machine() {
                    samples.update {
                        $0.append(Sample(time: now(), busy: busy, total: total, programs: cumulative))
                    }
                }
                Thread.sleep(forTimeInterval: 0.5)
            }
        }
        thread.name = "cpu-timeline"
        thread.start()
        self.thread = thread
    }

    func finish() {
        stop.update { $0 = true }
        while thread?.isExecuting == true { Thread.sleep(forTimeInterval: 0.01) }
    }

    /// The usage between two moments (``now()``), from the samples nearest inside them; nil when fewer
    /// than two samples fall inside.
    func usage(from start: Double, to end: Double) -> Usage? {
        samples.read { samples in
            guard let low = samples.firstIndex(where: { $0.time >= start }),
                let high = samples.lastIndex(where: { $0.time <= end }), high > low
            else { return nil }
            let (a, b) = (samples[low], samples[high])
            let seconds = b.time - a.time
            var cores: [String: Double] = [:]
            for (program, ticks) in b.programs {
                cores[program] = Double(ticks - (a.programs[program] ?? 0)) / Self.ticksPerSecond / seconds
            }
            let total = Double(b.total - a.total)
            return Usage(seconds: seconds, busy: total > 0 ? Double(b.busy - a.busy) / total : 0, cores: cores)
        }
    }

    /// The machine's busy and total ticks over all cores (`cpu` line of `/proc/stat`; idle and iowait
    /// are not busy).
    private static func machine() -> (busy: UInt64, total: UInt64)? {
        guard let text = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
            let line = text.split(separator: "\n").first, line.hasPrefix("cpu ")
        else { return nil }
        let fields = line.split(separator: " ").dropFirst().prefix(8).compactMap { UInt64($0) }
        guard fields.count == 8 else { return nil }
        let total = fields.reduce(0, +)
        return (total - fields[3] - fields[4], total)
    }

    /// Every process: its pid, its program (the command name of `/proc/PID/stat`) and its CPU ticks.
    private static func processes() -> [(Int32, String, UInt64)] {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        var result: [(Int32, String, UInt64)] = []
        for entry in entries {
            guard let pid = Int32(entry),
                let text = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                let open = text.firstIndex(of: "("), let close = text.lastIndex(of: ")")
            else { continue }
            let program = String(text[text.index(after: open)..<close])
            // After the name: state, ppid, ... utime is the 12th field and stime the 13th.
            let fields = text[text.index(after: close)...].split(separator: " ")
            guard fields.count > 12, let user = UInt64(fields[11]), let system = UInt64(fields[12]) else { continue }
            result.append((pid, Self.program(named: program), user + system))
        }
        return result
    }

    /// The program a command name counts under: interpreters and kernel threads (whose names carry
    /// their current work, `kworker/u8:1-writeback`) grouped.
    private static func program(named name: String) -> String {
        if name.hasPrefix("python") { return "python" }
        if name.hasPrefix("kworker") || name.hasPrefix("ksoftirqd") || name.hasPrefix("kswapd") {
            return "kernel threads"
        }
        return name
    }
}
