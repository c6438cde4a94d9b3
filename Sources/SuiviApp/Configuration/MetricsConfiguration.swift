/// Where a worker serves its Prometheus metrics and health check: `SUIVI_METRICS_ADDRESS` and
/// `SUIVI_METRICS_PORT` (README.md, "Configuration").
public struct MetricsConfiguration: Sendable, Hashable {
    /// `SUIVI_METRICS_ADDRESS`: an IPv4 or IPv6 literal to listen on. Loopback by default, so that nothing
    /// is exposed beyond the machine unless an operator asks for it (`0.0.0.0` in a container).
    public var address: String
    /// `SUIVI_METRICS_PORT`: the port, or `nil` for the worker's default; 0 disables the endpoint.
    public var port: Int?

    /// The loopback address the endpoint listens on unless told otherwise.
    public static let defaultAddress = "127.0.0.1"

    /// - Parameters:
    ///   - address: An IPv4 or IPv6 literal.
    ///   - port: The port; `nil` for the worker's default, 0 to serve nothing.
    public init(address: String = MetricsConfiguration.defaultAddress, port: Int? = nil) {
        self.address = address
        self.port = port
    }

    /// Reads `SUIVI_METRICS_ADDRESS` and `SUIVI_METRICS_PORT`.
    /// - Throws: ``OperationFailure`` (`configuration`) naming the variable and what it accepts.
    public static func load(from environment: Environment) throws -> MetricsConfiguration {
        let address = environment["SUIVI_METRICS_ADDRESS"] ?? defaultAddress
        guard MetricsAddress(address) != nil else {
            throw OperationFailure(.configuration, 
                "SUIVI_METRICS_ADDRESS=\(address.prefix(60)) is not an IPv4 or IPv6 address (e.g. 127.0.0.1, 0.0.0.0, ::1)")
        }
        var port: Int?
        if let text = environment["SUIVI_METRICS_PORT"] {
            guard let parsed = Int(text), (0...65_535).contains(parsed) else {
                throw OperationFailure(.configuration, "SUIVI_METRICS_PORT=\(text.prefix(20)) is not a port from 0 (disabled) to 65535")
            }
            port = parsed
        }
        return MetricsConfiguration(address: address, port: port)
    }

    /// The port a worker listens on: the configured one, or 9464 for the decider and 9465 for the projector.
    public func port(for worker: WorkerKind) -> Int {
        port ?? worker.defaultMetricsPort
    }
}
