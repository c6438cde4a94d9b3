import Logging

/// What librdkafka's callbacks need, reached through the handle's configuration opaque.
///
/// librdkafka calls the log callback on its own threads, so everything here is immutable or
/// synchronised.
final class ClientContext: Sendable {
    let logger: Logger
    /// Set for group consumers: the application's handlers and what they reported.
    let consumerState: ConsumerState?

    init(logger: Logger, consumerState: ConsumerState? = nil) {
        self.logger = logger
        self.consumerState = consumerState
    }

    static func from(_ opaque: UnsafeMutableRawPointer) -> ClientContext {
        Unmanaged<ClientContext>.fromOpaque(opaque).takeUnretainedValue()
    }
}
