/// One request as the pages see it: no HTTP library type, so that pages are tested as plain values.
public struct ConsoleRequest: Sendable {
    public var method: String
    /// The path, still percent-encoded, without the query.
    public var path: String
    /// The raw query string (after `?`), or empty.
    public var query: String
    /// The `Accept-Language` header, if any.
    public var acceptLanguage: String?

    public init(method: String = "GET", path: String, query: String = "", acceptLanguage: String? = nil) {
        self.method = method
        self.path = path
        self.query = query
        self.acceptLanguage = acceptLanguage
    }

    /// Splits "/a/b?c=d" into a request.
    public init(method: String = "GET", target: String, acceptLanguage: String? = nil) {
        if let mark = target.firstIndex(of: "?") {
            self.init(method: method, path: String(target[..<mark]), query: String(target[target.index(after: mark)...]),
                acceptLanguage: acceptLanguage)
        } else {
            self.init(method: method, path: target, acceptLanguage: acceptLanguage)
        }
    }
}
