#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads the process environment. The only place that calls `getenv`.
public struct Environment: Sendable {
    private let overrides: [String: String]

    /// The process environment, with optional overrides (tests use them).
    public init(overrides: [String: String] = [:]) {
        self.overrides = overrides
    }

    public subscript(name: String) -> String? {
        if let value = overrides[name] { return value }
        guard let raw = getenv(name) else { return nil }
        let value = String(cString: raw)
        return value.isEmpty ? nil : value
    }
}
