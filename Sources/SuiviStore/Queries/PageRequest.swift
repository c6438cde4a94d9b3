/// Which slice of a long list to return: every list query takes one and says how many rows there are
/// in all, so that nothing is ever cut silently.
public struct PageRequest: Sendable, Hashable {
    /// The most rows a caller may ask for at once.
    public static let maximumLimit = 10_000

    public var limit: Int
    public var offset: Int

    /// - Parameters:
    ///   - limit: Clamped to 1...``maximumLimit``.
    ///   - offset: Clamped to 0 or more.
    public init(limit: Int = 50, offset: Int = 0) {
        self.limit = min(max(limit, 1), Self.maximumLimit)
        self.offset = max(offset, 0)
    }
}

/// One slice of a list and the size of the whole list.
public struct Paged<Item: Sendable>: Sendable {
    public var items: [Item]
    /// Rows in the whole list, before the slice.
    public var total: Int
    public var offset: Int

    public init(items: [Item], total: Int, offset: Int) {
        self.items = items
        self.total = total
        self.offset = offset
    }

    /// Rows after this slice.
    public var remaining: Int { max(0, total - offset - items.count) }

    /// "cases 1-50 of 120; 70 more (--offset 50)", "1 case", "3 cases", "no cases", or, past the end,
    /// "no cases from --offset 10; 4 in all".
    /// - Parameters:
    ///   - one: The noun for one row ("case").
    ///   - many: The noun for several rows, or none ("cases").
    public func summary(one: String, many: String, nextHint: (Int) -> String = { "--offset \($0)" }) -> String {
        if total == 0 { return "no \(many)" }
        if offset == 0 && remaining == 0 { return "\(total) \(total == 1 ? one : many)" }
        if items.isEmpty { return "no \(many) from \(nextHint(offset)); \(total) in all" }
        let line = "\(many) \(offset + 1)-\(offset + items.count) of \(total)"
        return remaining > 0 ? line + "; \(remaining) more (\(nextHint(offset + items.count)))" : line
    }

    public func map<Other: Sendable>(_ transform: (Item) throws -> Other) rethrows -> Paged<Other> {
        Paged<Other>(items: try items.map(transform), total: total, offset: offset)
    }
}
