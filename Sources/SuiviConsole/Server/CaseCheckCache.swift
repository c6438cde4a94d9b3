internal import SuiviDomain

/// The last chain check of each case, reused on the Integrity page while it still says something true:
/// the case has had no event since (the `cases` read model's last position is the one seen when it was
/// checked), the check is younger than `maximumAge`, and no whole-store check came after it (the monitor
/// empties the cache at each one). Hashing a page of cases again on every view was most of the page's
/// time (20 cases of 99 events: 24 ms of CPU a view). A plain value, tested without a database.
struct CaseCheckCache: Sendable {
    struct Entry: Sendable, Hashable {
        var events: Int
        var passed: Bool
        var failure: String?
        /// The case's last position in the read models when it was checked.
        var lastPosition: Int64
        var checkedAt: Timestamp
    }

    /// How long a check is reused at most, in microseconds.
    var maximumAge: Int64
    /// Entries kept at most; past it the cache starts again empty (a check is cheap to redo).
    let capacity: Int
    private(set) var entries: [String: Entry] = [:]

    init(maximumAge: Duration, capacity: Int = 100_000) {
        self.maximumAge = Self.microseconds(maximumAge)
        self.capacity = capacity
    }

    /// The check of `caseID` to show again, or nil when it must be checked now.
    func reusable(_ caseID: String, lastPosition: Int64, now: Timestamp) -> Entry? {
        guard let entry = entries[caseID], entry.lastPosition == lastPosition,
            entry.checkedAt <= now, now.microseconds - entry.checkedAt.microseconds < maximumAge
        else { return nil }
        return entry
    }

    mutating func record(_ caseID: String, _ entry: Entry) {
        if entries[caseID] == nil && entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
        entries[caseID] = entry
    }

    mutating func removeAll() { entries.removeAll() }

    static func microseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000 + attoseconds / 1_000_000_000_000
    }
}
