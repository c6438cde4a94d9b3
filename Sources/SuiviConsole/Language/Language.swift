public import SuiviOperations

/// A language the console speaks: one catalogue each (``Catalogue/all``). Adding one is adding its
/// catalogue file and its line there.
public struct Language: Sendable, Hashable {
    /// BCP 47 primary tag: "en", "fr".
    public let code: String
    /// The language's own name, for the switch.
    public let name: String
    public let catalogue: [String: String]

    /// Picks from `?lang=` first, then the best of `Accept-Language` (by q), then English.
    public static func negotiate(parameter: String?, acceptLanguage: String?) -> Language {
        if let parameter, let chosen = Catalogue.all.first(where: { $0.code == parameter }) { return chosen }
        guard let header = acceptLanguage, header.utf8.count <= 512 else { return Catalogue.english }
        var best: (Language, Double)?
        for item in header.split(separator: ",").prefix(32) {
            let parts = item.split(separator: ";")
            let tag = parts.first.map { $0.trimmingSpaces.lowercased() } ?? ""
            let primary = tag.split(separator: "-").first.map(String.init) ?? tag
            var quality = 1.0
            for parameter in parts.dropFirst() {
                let pair = parameter.trimmingSpaces
                if pair.hasPrefix("q="), let value = Double(pair.dropFirst(2)) { quality = value }
            }
            guard quality > 0, let language = Catalogue.all.first(where: { $0.code == primary }) else { continue }
            if best == nil || quality > best!.1 { best = (language, quality) }
        }
        return best?.0 ?? Catalogue.english
    }

    public static func == (lhs: Language, rhs: Language) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    /// The label for `key`; a missing one shows as ⟦key⟧ so that tests and people see it.
    public func text(_ key: String) -> String { catalogue[key] ?? "⟦\(key)⟧" }

    /// The label for `key` with `{0}`, `{1}`... replaced by `values`.
    public func text(_ key: String, _ values: String...) -> String {
        var out = text(key)
        for (index, value) in values.enumerated() { out = out.replacingAll("{\(index)}", with: value) }
        return out
    }

    /// The label for a count of things: `key.one` or `key.other`, chosen by the language's plural rule
    /// (``pluralForm(_:)``), with `{0}` the count written for this language and `{1}`... `values`.
    public func text(_ key: String, count: Int, _ values: String...) -> String {
        var out = text("\(key).\(pluralForm(count))")
        let written = [LocalFormat(language: self).number(count)] + values
        for (index, value) in written.enumerated() { out = out.replacingAll("{\(index)}", with: value) }
        return out
    }

    /// "one" or "other", as CLDR's plural rules have them for whole numbers: English takes the singular
    /// for 1 only ("1 row", "0 rows"), French for 0 and 1 ("0 ligne", "1 ligne", "2 lignes").
    public func pluralForm(_ count: Int) -> String {
        switch code {
        case "fr": count == 0 || count == 1 ? "one" : "other"
        default: count == 1 ? "one" : "other"
        }
    }
}

extension Language {
    /// The per-case report's words (``CaseHTMLReport``) from this catalogue.
    public var reportLabels: ReportLabels {
        let language = self
        return ReportLabels(
            code: code, lookup: { language.text($0) }, pluralForm: { language.pluralForm($0) },
            number: { LocalFormat(language: language).number($0) })
    }
}

extension StringProtocol {
    var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var out = ""
        var rest = Substring(self)
        while let range = rest.firstRange(of: target) {
            out += rest[..<range.lowerBound]
            out += replacement
            rest = rest[range.upperBound...]
        }
        return out + rest
    }
}
