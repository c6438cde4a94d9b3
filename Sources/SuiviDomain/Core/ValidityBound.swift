/// One end of a validity period, as the State wrote it: a whole day (`2026-12-31`) or an instant
/// (`2026-12-31T17:00:00+01:00`). Days are UTC days; a period that starts on a day starts at its first
/// instant and one that ends on a day covers that day to its end.
public enum ValidityBound: Sendable, Hashable, CustomStringConvertible {
    case day(CalendarDay)
    case instant(Timestamp)

    /// Reads a date or an RFC 3339 date-time; nil when the text is neither.
    public init?(text: String) {
        if let day = CalendarDay(iso: text) {
            self = .day(day)
        } else if let stamp = Timestamp(rfc3339: text) {
            self = .instant(stamp)
        } else {
            return nil
        }
    }

    /// The first instant covered when this bound opens a period.
    public var opening: Timestamp {
        switch self {
        case .day(let day): day.start
        case .instant(let stamp): stamp
        }
    }

    /// The last instant covered when this bound closes a period.
    public var closing: Timestamp {
        switch self {
        case .day(let day): day.end
        case .instant(let stamp): stamp
        }
    }

    /// The UTC day this bound falls on.
    public var calendarDay: CalendarDay {
        switch self {
        case .day(let day): day
        case .instant(let stamp): stamp.day
        }
    }

    /// The bound as written back (`YYYY-MM-DD`, or a date-time in UTC).
    public var description: String {
        switch self {
        case .day(let day): day.description
        case .instant(let stamp): stamp.rfc3339
        }
    }
}
