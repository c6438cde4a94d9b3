/// Answers one HTTP/1.1 request head for the metrics endpoint: `GET /metrics` (Prometheus text format)
/// and `GET /healthz`. Pure: the server does the I/O, so the answers are plain bytes.
enum MetricsRouter {
    /// The Prometheus text exposition format, version 0.0.4.
    static let metricsContentType = "text/plain; version=0.0.4; charset=utf-8"

    /// The complete response to `head` (the request line and headers, without a body).
    /// - Parameters:
    ///   - head: The bytes received up to the blank line.
    ///   - metrics: The current metrics, asked for only by `/metrics`.
    ///   - alive: Whether the worker's loop is alive, asked for only by `/healthz`.
    static func respond(to head: [UInt8], metrics: () -> [UInt8], alive: () -> Bool) -> [UInt8] {
        let lineEnd = head.firstIndex(of: UInt8(ascii: "\n")) ?? head.endIndex
        let line = String(decoding: head[..<lineEnd], as: UTF8.self)
        let parts = line.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 3, parts[2].hasPrefix("HTTP/1.") else {
            return response(400, "Bad Request", body: "bad request\n")
        }
        let method = parts[0]
        let path = parts[1].split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        guard method == "GET" || method == "HEAD" else {
            return response(405, "Method Not Allowed", headers: ["Allow: GET, HEAD"], body: "only GET and HEAD\n")
        }
        let withBody = method == "GET"
        switch path {
        case "/metrics":
            return response(200, "OK", contentType: metricsContentType, body: metrics(), withBody: withBody)
        case "/healthz":
            if alive() { return response(200, "OK", body: "ok\n", withBody: withBody) }
            return response(503, "Service Unavailable",
                body: "unavailable: the worker's loop completed no poll or batch in the last 30 s\n", withBody: withBody)
        default:
            return response(404, "Not Found", body: "not found: try /metrics or /healthz\n", withBody: withBody)
        }
    }

    /// A response for a request whose head exceeded the size limit.
    static let tooLarge = response(431, "Request Header Fields Too Large", body: "request too large\n")

    private static func response(
        _ status: Int, _ reason: String, contentType: String = "text/plain; charset=utf-8", headers: [String] = [],
        body: String, withBody: Bool = true
    ) -> [UInt8] {
        response(status, reason, contentType: contentType, headers: headers, body: Array(body.utf8), withBody: withBody)
    }

    private static func response(
        _ status: Int, _ reason: String, contentType: String = "text/plain; charset=utf-8", headers: [String] = [],
        body: [UInt8], withBody: Bool = true
    ) -> [UInt8] {
        var head = "HTTP/1.1 \(status) \(reason)\r\n"
        head += "Content-Type: \(contentType)\r\n"
        head += "Content-Length: \(body.count)\r\n"
        head += "Cache-Control: no-store\r\n"
        head += "Connection: close\r\n"
        for header in headers { head += header + "\r\n" }
        head += "\r\n"
        var bytes = Array(head.utf8)
        if withBody { bytes += body }
        return bytes
    }
}
