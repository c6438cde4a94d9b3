internal import SuiviDomain

/// Dates and numbers written the way each language writes them; the data itself stays as recorded.
struct LocalFormat {
    let language: Language

    /// "1,234" in English, "1 234" (narrow no-break space) in French.
    func number(_ value: Int) -> String {
        let digits = String(value.magnitude)
        let separator = language.code == "fr" ? "\u{202F}" : ","
        var groups: [Substring] = []
        var end = digits.endIndex
        while end > digits.startIndex {
            let start = digits.index(end, offsetBy: -3, limitedBy: digits.startIndex) ?? digits.startIndex
            groups.insert(digits[start..<end], at: 0)
            end = start
        }
        return (value < 0 ? "-" : "") + groups.joined(separator: separator)
    }

    /// "30 June 2026" / "30 juin 2026" for "2026-06-30"; anything else as it came.
    func day(_ iso: String) -> String {
        guard let day = CalendarDay(iso: String(iso.prefix(10))) else { return iso }
        let parts = day.description.split(separator: "-")
        guard parts.count == 3, let month = Int(parts[1]), let date = Int(parts[2]) else { return iso }
        let monthName = language.text("month.\(month)")
        return language.code == "en" ? "\(date) \(monthName) \(parts[0])" : "\(date == 1 ? "1er" : String(date)) \(monthName) \(parts[0])"
    }

    /// A day and a UTC time: "30 June 2026, 14:05 UTC" / "30 juin 2026, 14 h 05 UTC".
    func time(_ rfc3339: String) -> String {
        guard let stamp = Timestamp(rfc3339: rfc3339) else { return rfc3339 }
        let text = stamp.rfc3339
        let clock = text.dropFirst(11).prefix(5)
        let hour = clock.prefix(2), minute = clock.suffix(2)
        let written = language.code == "fr" ? "\(hour) h \(minute)" : "\(hour):\(minute)"
        return "\(day(String(text.prefix(10)))), \(written) UTC"
    }
}
