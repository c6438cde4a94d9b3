import SuiviOperations

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Draws progress on standard error: a bar with count, rate and time left on a terminal, or a plain
/// line every few seconds otherwise (logs, CI).
final class ProgressBar {
    private let isTerminal = isatty(2) == 1
    private var lastPlain: Double = -10
    private var drawn = false

    func update(_ progress: RebuildProgress) {
        let line: String
        let percent = progress.total > 0 ? min(100, Int(Double(progress.done) * 100 / Double(progress.total))) : 0
        let eta = progress.remainingSeconds.map { " ETA \(Self.duration($0))" } ?? ""
        let counts = "\(Self.grouped(progress.done))\(progress.total > 0 ? "/\(Self.grouped(progress.total))" : "")"
        let rate = "\(Self.grouped(Int64(progress.rate))) ev/s"
        if isTerminal {
            let width = 30
            let filled = width * percent / 100
            let bar = String(repeating: "=", count: filled) + (filled < width ? ">" : "") + String(repeating: " ", count: max(0, width - filled - 1))
            line = "\r\(progress.phase.padded(11)) [\(bar)] \(percent)% \(counts)  \(rate)\(eta)   "
            drawn = true
        } else {
            guard progress.elapsedSeconds - lastPlain >= 5 else { return }
            lastPlain = progress.elapsedSeconds
            line = "\(progress.phase): \(counts) (\(percent)%), \(rate)\(eta)\n"
        }
        _ = line.withCString { write(2, $0, strlen($0)) }
    }

    func finish() {
        if drawn { _ = "\n".withCString { write(2, $0, 1) } }
    }

    static func grouped(_ value: Int64) -> String {
        let digits = Array(String(value))
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return out
    }

    static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        return total >= 60 ? "\(total / 60)m\(total % 60)s" : "\(total)s"
    }
}

extension String {
    func padded(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}
