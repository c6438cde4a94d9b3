/// Input the console refuses: a 4xx answer whose page says what is wrong (catalogue key and the
/// offending value, shortened), never a 500.
struct ConsoleInputError: Error, Sendable {
    var status: Int
    /// Catalogue key of the explanation; `{0}` is replaced by `value`.
    var key: String
    var value: String

    init(_ status: Int, _ key: String, _ value: String = "") {
        self.status = status
        self.key = key
        // Shown escaped; shortened so that a hostile value cannot fill the page.
        self.value = value.count > 80 ? String(value.prefix(80)) + "…" : value
    }
}
