import SuiviApp
import SuiviThreads
import Logging
import Prometheus
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A tiny HTTP/1.1 server for `GET /metrics` and `GET /healthz`, on POSIX sockets and one dedicated OS
/// thread.
///
/// Why not a web framework: two read-only endpoints need no event loop, and a thread of its own can never
/// block the worker's loop or Swift's cooperative pool. One request per connection (`Connection: close`),
/// handled in turn; a request head is at most 8 KiB and must arrive within 2 s, and a response must be
/// taken within 2 s, so a slow or hostile client delays a scrape by seconds at worst and holds no memory.
final class MetricsServer: Sendable {
    /// What the serving thread needs; retained by the thread until it ends.
    private final class Shared: Sendable {
        let socket: Int32
        let registry: PrometheusCollectorRegistry
        let heartbeat: LoopHeartbeat
        let logger: Logger
        let stopping = Atomic<Bool>(false)

        init(socket: Int32, registry: PrometheusCollectorRegistry, heartbeat: LoopHeartbeat, logger: Logger) {
            self.socket = socket
            self.registry = registry
            self.heartbeat = heartbeat
            self.logger = logger
        }
    }

    /// How long the loop may go without a completed poll or batch before `/healthz` answers 503.
    static let livenessWindow: Duration = .seconds(30)
    static let maxRequestHead = 8 * 1024
    static let ioTimeoutSeconds = 2

    private let shared: Shared

    /// Binds `address:port`, listens, and starts serving on a thread of its own.
    /// - Throws: ``OperationFailure`` (`unavailable`) saying which address could not be used and why.
    init(address: MetricsAddress, port: Int, registry: PrometheusCollectorRegistry, heartbeat: LoopHeartbeat, logger: Logger)
        throws(OperationFailure)
    {
        #if canImport(Glibc)
        let kind = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        #else
        let kind = SOCK_STREAM
        #endif
        let fd = socket(address.domain, kind, 0)
        guard fd >= 0 else { throw OperationFailure(.unavailable, "cannot open a socket: \(Self.lastError())") }
        var yes: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        let bound = address.withSocketAddress(port: UInt16(port)) { bind(fd, $0, $1) }
        guard bound == 0, listen(fd, 16) == 0 else {
            let reason = Self.lastError()
            close(fd)
            throw OperationFailure(.unavailable, "cannot listen on \(address.text) port \(port): \(reason)")
        }
        shared = Shared(socket: fd, registry: registry, heartbeat: heartbeat, logger: logger)
        let shared = self.shared
        let result = DedicatedThread.detach { MetricsServer.serve(shared) }
        guard result == 0 else {
            close(fd)
            throw OperationFailure(.unavailable, "cannot start the metrics thread (pthread_create: \(result))")
        }
    }

    /// Stops accepting connections; the thread closes the socket and ends. Later calls do nothing.
    func stop() {
        guard !shared.stopping.exchange(true, ordering: .acquiringAndReleasing) else { return }
        // Wakes the thread blocked in accept().
        shutdown(shared.socket, Int32(SHUT_RDWR))
    }

    private static func serve(_ shared: Shared) {
        defer { close(shared.socket) }
        while !shared.stopping.load(ordering: .acquiring) {
            let client = accept(shared.socket, nil, nil)
            if client < 0 {
                if shared.stopping.load(ordering: .acquiring) { return }
                let code = errno
                if code == EINTR || code == ECONNABORTED { continue }
                // Out of descriptors or memory: wait instead of spinning, then try again.
                shared.logger.warning("metrics endpoint cannot accept a connection", metadata: ["error": "\(lastError())"])
                usleep(100_000)
                continue
            }
            handle(client, shared)
            close(client)
        }
    }

    private static func handle(_ client: Int32, _ shared: Shared) {
        var timeout = timeval(tv_sec: ioTimeoutSeconds, tv_usec: 0)
        _ = setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        _ = setsockopt(client, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        #if canImport(Darwin)
        var yes: Int32 = 1
        _ = setsockopt(client, SOL_SOCKET, SO_NOSIGPIPE, &yes, socklen_t(MemoryLayout<Int32>.size))
        #endif
        let response: [UInt8]
        switch readHead(client) {
        case .complete(let head):
            response = MetricsRouter.respond(
                to: head,
                metrics: { shared.registry.emitToBuffer() },
                alive: { shared.heartbeat.isAlive(within: livenessWindow) })
        case .tooLarge:
            response = MetricsRouter.tooLarge
        case .incomplete:
            return
        }
        writeAll(client, response)
    }

    private enum Head {
        case complete([UInt8])
        case tooLarge
        case incomplete
    }

    /// Reads up to the blank line that ends a request head, within the size limit and an overall deadline.
    private static func readHead(_ client: Int32) -> Head {
        var head: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 2048)
        let deadline = LoopHeartbeat.monotonicNanoseconds() + Int64(ioTimeoutSeconds) * 1_000_000_000
        while head.count < maxRequestHead {
            let count = chunk.withUnsafeMutableBytes { recv(client, $0.baseAddress, min($0.count, maxRequestHead - head.count), 0) }
            if count > 0 {
                let searchFrom = max(0, head.count - 3)
                head.append(contentsOf: chunk[..<count])
                if endsHead(head, from: searchFrom) { return .complete(head) }
            } else if count < 0 && errno == EINTR {
                continue
            } else {
                return .incomplete
            }
            if LoopHeartbeat.monotonicNanoseconds() > deadline { return .incomplete }
        }
        return .tooLarge
    }

    /// Whether `bytes` holds `\r\n\r\n` (or a bare `\n\n`) at or after `start`.
    private static func endsHead(_ bytes: [UInt8], from start: Int) -> Bool {
        var index = start
        while index < bytes.count {
            if bytes[index] == 0x0A {
                if index + 2 < bytes.count, bytes[index + 1] == 0x0D, bytes[index + 2] == 0x0A { return true }
                if index + 1 < bytes.count, bytes[index + 1] == 0x0A { return true }
            }
            index += 1
        }
        return false
    }

    private static func writeAll(_ client: Int32, _ bytes: [UInt8]) {
        #if canImport(Glibc)
        let flags = Int32(MSG_NOSIGNAL)
        #else
        let flags: Int32 = 0
        #endif
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { send(client, $0.baseAddress! + offset, $0.count - offset, flags) }
            if written > 0 {
                offset += written
            } else if written < 0 && errno == EINTR {
                continue
            } else {
                return
            }
        }
    }

    private static func lastError() -> String {
        String(cString: strerror(errno))
    }
}
