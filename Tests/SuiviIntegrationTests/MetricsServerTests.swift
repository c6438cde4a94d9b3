import Foundation
import Logging
import Prometheus
@testable import SuiviApp
@testable import SuiviWorkers
@testable import SuiviOperations
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The endpoint's own behaviour, in process: liveness from the loop's heartbeat, bounded requests, a stuck
/// client that cannot hold it, and a clean stop.
@Suite("Metrics HTTP server")
struct MetricsServerTests {
    @Test func healthFollowsTheLoopsHeartbeatAndRequestsAreBounded() async throws {
        let port = try MetricsScrape.freePort()
        let heartbeat = LoopHeartbeat()
        let registry = PrometheusCollectorRegistry()
        registry.makeCounter(descriptor: MetricNameDescriptor(namespace: "suivi", metricName: "example", unitName: "total", helpText: "An example."), labels: [("worker", "decider")]).increment(by: Int64(3))
        let server = try MetricsServer(
            address: try #require(MetricsAddress("127.0.0.1")), port: port, registry: registry, heartbeat: heartbeat,
            logger: TestStack.logger)

        // Before the loop's first poll: not alive.
        let before = try #require(MetricsScrape.get("/healthz", port: port))
        #expect(before.status == 503)
        heartbeat.beat()
        #expect(MetricsScrape.get("/healthz", port: port)?.status == 200)
        #expect(MetricsScrape.get("/healthz?verbose=1", port: port)?.body == "ok\n")
        #expect(MetricsScrape.samples(port: port)["suivi_example_total{worker=\"decider\"}"] == 3)
        #expect(!heartbeat.isAlive(within: .zero), "a beat older than the window does not count")

        // A client that connects and says nothing is dropped after the I/O timeout; the next one is served.
        let silent = try openConnection(port)
        defer { close(silent) }
        let clock = ContinuousClock()
        let started = clock.now
        #expect(MetricsScrape.get("/metrics", port: port)?.status == 200)
        #expect(clock.now - started < .seconds(5))

        // An oversized request head is refused without being read to its end; a line that is not HTTP is refused.
        let huge = "GET /metrics HTTP/1.1\r\nX-Padding: \(String(repeating: "a", count: 10_000))\r\n\r\n"
        #expect(try exchange(huge, port: port).hasPrefix("HTTP/1.1 431"))
        #expect(try exchange("HELLO\r\n\r\n", port: port).hasPrefix("HTTP/1.1 400"))

        server.stop()
        try await Task.sleep(for: .milliseconds(200))
        #expect(MetricsScrape.get("/metrics", port: port) == nil, "nothing served after stop")
    }

    @Test func addressesAreLiteralsOnly() {
        #expect(MetricsAddress("127.0.0.1") != nil)
        #expect(MetricsAddress("::1") != nil)
        #expect(MetricsAddress("0.0.0.0") != nil)
        #expect(MetricsAddress("localhost") == nil)
        #expect(MetricsAddress("127.0.0.1:9464") == nil)
    }

    /// Sends `request` as it is and returns the start of the reply.
    private func exchange(_ request: String, port: Int) throws -> String {
        let fd = try openConnection(port)
        defer { close(fd) }
        _ = Array(request.utf8).withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        var reply = [UInt8](repeating: 0, count: 256)
        let count = reply.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        return String(decoding: reply.prefix(max(count, 0)), as: UTF8.self)
    }

    private func openConnection(_ port: Int) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else { throw ConnectionRefused() }
        return fd
    }

    struct ConnectionRefused: Error {}
}
