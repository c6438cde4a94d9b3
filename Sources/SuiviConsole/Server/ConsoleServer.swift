internal import Hummingbird
internal import HTTPTypes
public import Logging
internal import NIOCore

/// `suivi serve`: the console's HTTP server. Hummingbird carries requests to the ``ConsoleHandler``
/// and its answers back; it adds the security headers and, when configured, basic authentication.
public struct ConsoleServer: Sendable {
    public var address: String
    public var port: Int
    public var authentication: BasicAuthentication?
    /// How often the whole store's chain is checked again.
    public var integrityInterval: Duration
    public let handler: ConsoleHandler
    public let logger: Logger

    public init(
        address: String, port: Int, authentication: BasicAuthentication?, integrityInterval: Duration, handler: ConsoleHandler,
        logger: Logger
    ) {
        self.address = address
        self.port = port
        self.authentication = authentication
        self.integrityInterval = integrityInterval
        self.handler = handler
        self.logger = logger
    }

    /// Serves until SIGINT or SIGTERM; `onListening` gets the URL once the socket is bound.
    public func run(onListening: @escaping @Sendable (String) -> Void) async throws {
        let responder = Responder(handler: handler, authentication: authentication)
        let address = address
        let app = Application(
            responder: responder,
            configuration: ApplicationConfiguration(address: .hostname(address, port: port), serverName: nil),
            onServerRunning: { channel in
                let bound = channel.localAddress?.port ?? 0
                let host = address.contains(":") ? "[\(address)]" : address
                onListening("http://\(host):\(bound)/")
            },
            logger: logger)
        let handler = handler
        let interval = integrityInterval
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await handler.runIntegrityChecks(every: interval) }
            group.addTask { try await app.runService() }
            // The server ends on a signal; then the checks stop too.
            _ = try await group.next()
            group.cancelAll()
        }
    }

    struct Responder: HTTPResponder {
        typealias Context = BasicRequestContext
        let handler: ConsoleHandler
        let authentication: BasicAuthentication?

        func respond(to request: Request, context: Context) async throws -> Response {
            if let authentication, !authentication.accepts(request.headers[.authorization]) {
                // The same security headers as every page, and nothing of what was sent echoed back.
                let refusal = ConsoleResponse(status: 401, contentType: "text/plain; charset=utf-8", body: "authentication required\n")
                var response = Self.response(refusal, method: request.method)
                response.headers[.wwwAuthenticate] = "Basic realm=\"Suivi\", charset=\"UTF-8\""
                return response
            }
            let answer = await handler.respond(ConsoleRequest(
                method: request.method.rawValue, path: request.uri.path, query: request.uri.query ?? "",
                acceptLanguage: request.headers[.acceptLanguage]))
            return Self.response(answer, method: request.method)
        }

        static func response(_ answer: ConsoleResponse, method: HTTPRequest.Method) -> Response {
            var headers = HTTPFields()
            for (name, value) in answer.headers {
                if let field = HTTPField.Name(name) { headers[field] = value }
            }
            let body = method == .head ? ByteBuffer() : ByteBuffer(string: answer.body)
            return Response(status: HTTPResponse.Status(code: answer.status), headers: headers, body: ResponseBody(byteBuffer: body))
        }
    }
}
