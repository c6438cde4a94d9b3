internal import SuiviApp
internal import SuiviOperations

/// A GET form over a page's own parameters: every field labelled, the current values kept, the
/// language carried in a hidden field.
struct FilterForm {
    let language: Language
    let action: String
    let parameters: [(String, String)]

    enum Field {
        case text(String, String, pattern: String?)
        case date(String, String)
        case choice(String, String, [(value: String, label: String)])
    }

    func value(_ name: String) -> String { parameters.first { $0.0 == name }?.1 ?? "" }

    func render(_ fields: [Field]) -> String {
        var html = "<form method=\"get\" action=\"\(HTMLText.escape(action))\" role=\"search\">"
        for field in fields {
            switch field {
            case .text(let name, let label, let pattern):
                html += "<label>\(HTMLText.escape(language.text(label)))<input type=\"text\" name=\"\(name)\" value=\"\(HTMLText.escape(value(name)))\" maxlength=\"128\"\(pattern.map { " pattern=\"\($0)\"" } ?? "")></label>"
            case .date(let name, let label):
                html += "<label>\(HTMLText.escape(language.text(label)))<input type=\"date\" name=\"\(name)\" value=\"\(HTMLText.escape(value(name)))\"></label>"
            case .choice(let name, let label, let options):
                html += "<label>\(HTMLText.escape(language.text(label)))<select name=\"\(name)\">"
                for option in options {
                    html += "<option value=\"\(HTMLText.escape(option.value))\"\(value(name) == option.value ? " selected" : "")>\(HTMLText.escape(language.text(option.label)))</option>"
                }
                html += "</select></label>"
            }
        }
        html += "<input type=\"hidden\" name=\"lang\" value=\"\(language.code)\">"
        html += "<button type=\"submit\">\(HTMLText.escape(language.text("form.apply")))</button></form>"
        return html
    }
}
