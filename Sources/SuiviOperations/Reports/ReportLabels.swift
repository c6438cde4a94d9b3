/// The words of the per-case report (``CaseHTMLReport``) in one language. The report holds no words of
/// its own: the console's catalogues fill this (`Language.reportLabels` in SuiviConsole), so the page
/// reads the same in `suivi audit report --html` and in the console, in each of the console's languages.
public struct ReportLabels: Sendable {
    /// BCP 47 primary tag of the language ("en", "fr"), for the page's `lang`.
    public let code: String
    let lookup: @Sendable (String) -> String
    let pluralForm: @Sendable (Int) -> String
    let number: @Sendable (Int) -> String

    /// - Parameters:
    ///   - code: The language's tag.
    ///   - lookup: The label for a catalogue key.
    ///   - pluralForm: "one" or "other" for a count, by the language's plural rule.
    ///   - number: A count written for the language.
    public init(
        code: String, lookup: @escaping @Sendable (String) -> String, pluralForm: @escaping @Sendable (Int) -> String,
        number: @escaping @Sendable (Int) -> String
    ) {
        self.code = code
        self.lookup = lookup
        self.pluralForm = pluralForm
        self.number = number
    }

    /// The label for `report.<key>` with `{0}`, `{1}`... replaced by `values`.
    func text(_ key: String, _ values: String...) -> String { fill(lookup("report.\(key)"), values) }

    /// The label for a count: `report.<key>.one` or `.other`, `{0}` the count and `{1}`... `values`.
    func count(_ key: String, _ count: Int, _ values: String...) -> String {
        fill(lookup("report.\(key).\(pluralForm(count))"), [number(count)] + values)
    }

    /// A label of the console's shared vocabulary (an activity kind, an outcome: `value.<name>`).
    func value(_ name: String) -> String { lookup("value.\(name)") }

    private func fill(_ template: String, _ values: [String]) -> String {
        var out = template
        for (index, value) in values.enumerated() {
            out = out.split(separator: "{\(index)}", omittingEmptySubsequences: false).joined(separator: value)
        }
        return out
    }
}
