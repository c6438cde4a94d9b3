/// One answer: status, media type and body, plus the headers every answer carries.
public struct ConsoleResponse: Sendable {
    public var status: Int
    public var contentType: String
    public var body: String
    /// `Content-Language`, when the body is in one.
    public var language: String?
    /// For downloads (CSV): the file name offered.
    public var fileName: String?
    /// For a refusal: the sentence that says what is wrong (what the CLI prints).
    public var message: String?

    public init(status: Int = 200, contentType: String, body: String, language: String? = nil, fileName: String? = nil) {
        self.status = status
        self.contentType = contentType
        self.body = body
        self.language = language
        self.fileName = fileName
    }

    /// No script, no frame, nothing from elsewhere: styles and the timelines' SVG are inline in the page.
    public static let contentSecurityPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

    /// The headers sent with every answer, the page's own first.
    public var headers: [(String, String)] {
        var all: [(String, String)] = [
            ("Content-Type", contentType),
            ("Content-Security-Policy", Self.contentSecurityPolicy),
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "no-referrer"),
            ("Cache-Control", "no-store"),
            ("Vary", "Accept-Language"),
        ]
        if let language { all.append(("Content-Language", language)) }
        if let fileName { all.append(("Content-Disposition", "attachment; filename=\"\(fileName)\"")) }
        return all
    }
}
