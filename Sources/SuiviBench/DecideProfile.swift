import Foundation
import SuiviDomain
import SuiviPostgres
import SuiviStore

/// `suivi-bench --decide-only`: the first step of the benchmark (decode and decide the generated
/// workload in memory, on one core) without a stack, so that it can run under `perf record` and two builds
/// can be compared by the deciding thread's time on CPU and by the digest of what they decided.
/// (Debian bookworm's Valgrind 3.19 cannot run it: it rejects the DWARF 5 debug information of Swift 6.3
/// binaries, and on a copy without it callgrind itself crashes with SIGSEGV in the first milliseconds;
/// this machine's virtual CPUs expose no hardware counters to `perf stat`.)
struct DecideProfile {
    var commands: Int
    var cases: Int

    /// What one run measured.
    struct Result {
        var commands: Int
        var invalid: Int
        var events: Int
        var accepted: Int
        var seconds: Double
        /// On-CPU time of the deciding thread: on a shared machine, less disturbed than `seconds` by
        /// the time spent waiting for a core.
        var cpuSeconds: Double
        /// SHA-256 over every byte decided, in order (each event's canonical data, hash record, hash and
        /// published envelope; each outcome's fingerprint and canonical bytes): equal between two builds
        /// exactly when they decided the same bytes.
        var digest: String

        var rate: Double { Double(commands) / seconds }
        var microsecondsPerCommand: Double { seconds * 1e6 / Double(commands) }
        var cpuMicrosecondsPerCommand: Double { cpuSeconds * 1e6 / Double(commands) }

        var text: String {
            "decode+decide in memory (1 core): \(commands) commands, \(accepted) accepted, \(events) events, "
                + "\(invalid) invalid; \(format(seconds, decimals: 3)) s, \(format(rate)) cmd/s, "
                + "\(format(microsecondsPerCommand, decimals: 2)) us/command, "
                + "\(format(cpuMicrosecondsPerCommand, decimals: 2)) us/command on CPU; digest \(digest)"
        }
    }

    /// Generates the workload (a fixed tag, so every run decides the same bytes), then decodes and decides it.
    func run() -> Result {
        let workload = Workload.commands(total: commands, cases: cases, tag: "profile")
        let start = now()
        let cpuStart = Self.threadCPUTime()
        let (processor, invalid) = Self.decodeAndDecide(workload)
        let cpuSeconds = Self.threadCPUTime() - cpuStart
        let seconds = now() - start
        return Result(
            commands: workload.count, invalid: invalid, events: processor.events.count,
            accepted: processor.answers.filter { $0.outcome.status == .accepted }.count, seconds: seconds,
            cpuSeconds: cpuSeconds, digest: Self.digest(processor))
    }

    /// Computed after the measured step, so that it does not count: it writes again, with the writers the
    /// workers use, every byte that would be stored or published.
    static func digest(_ processor: CommandProcessor) -> String {
        var all: [UInt8] = []
        for event in processor.events {
            all += event.data
            all += event.recorded.event.data.canonicalBytes
            all += EventHash.recordBytes(event.recorded, data: event.data)
            all += event.previousHash ?? []
            all += event.hash
            all += EventEnvelope.bytes(event.recorded, hash: event.hash, data: event.data)
        }
        for answer in processor.answers {
            all += answer.fingerprint
            all += answer.outcome.canonicalBytes
        }
        return Hex.encode(EventHash.sha256(all))
    }

    /// Seconds this thread has run on a CPU.
    static func threadCPUTime() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// The measured step, which `Bench.run` also calls (its step 1): kept out of line so that a profile can give its inclusive cost.
    @inline(never)
    static func decodeAndDecide(_ workload: [Workload.Message]) -> (processor: CommandProcessor, invalid: Int) {
        var processor = CommandProcessor(heads: [:], outcomes: [:], now: Timestamp(microseconds: 0), capacity: workload.count)
        var invalid = 0
        for (offset, message) in workload.enumerated() {
            switch CommandDecoder.decode(message.value) {
            case .success(let command): processor.process(.init(command: command, partition: 0, offset: Int64(offset)))
            case .failure: invalid += 1
            }
        }
        return (processor, invalid)
    }
}
