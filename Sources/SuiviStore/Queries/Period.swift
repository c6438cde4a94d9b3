public import SuiviDomain

/// A span of calendar days (UTC), either end open: what "from" and "to" mean on every State query.
public struct Period: Sendable, Hashable {
    public var from: CalendarDay?
    public var to: CalendarDay?

    public init(from: CalendarDay? = nil, to: CalendarDay? = nil) {
        self.from = from
        self.to = to
    }

    /// No bound at either end.
    public static let always = Period()

    /// False when `from` comes after `to`.
    public var isOrdered: Bool {
        guard let from, let to else { return true }
        return from <= to
    }

    /// The first microsecond of `from`, as RFC 3339 (nil when open).
    var startText: String? { from.map(\.start.rfc3339) }
    /// The last microsecond of `to`, as RFC 3339 (nil when open).
    var endText: String? { to.map(\.end.rfc3339) }
    var fromText: String? { from?.description }
    var toText: String? { to?.description }
}
