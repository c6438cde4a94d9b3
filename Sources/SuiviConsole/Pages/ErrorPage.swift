internal import SuiviApp
internal import SuiviOperations
internal import SuiviDomain

/// The answer to input the console refuses (or a store it cannot read): the status, what is wrong, and
/// the way back; as JSON when JSON was asked for.
struct ErrorPage {
    let language: Language

    func response(status: Int, message: String, json: Bool) -> ConsoleResponse {
        if json {
            let body: JSON = ["status": .int(status), "error": .string(message)]
            var response = ConsoleResponse(status: status, contentType: "application/json; charset=utf-8", body: body.prettyText() + "\n")
            response.message = message
            return response
        }
        let renderer = HTMLRenderer(language: language, path: "/", parameters: [])
        let title = language.text("error.title", String(status))
        let content = """
            <h1>\(HTMLText.escape(title))</h1>
            <p role="alert">\(HTMLText.escape(message))</p>
            <p><a href="\(HTMLText.escape(ConsoleLinks(language: language).href("/")))">\(HTMLText.escape(language.text("error.back")))</a></p>
            """
        var response = ConsoleResponse(
            status: status, contentType: "text/html; charset=utf-8", body: renderer.document(title: title, current: "", content: content),
            language: language.code)
        response.message = message
        return response
    }
}
