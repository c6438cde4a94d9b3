@testable import SuiviConsole
import SuiviDomain
import Testing

/// When the Integrity page shows a case's earlier chain check again, as a plain value: no database.
@Suite struct CaseCheckCacheTests {
    static let start = Timestamp(rfc3339: "2026-12-01T10:00:00Z")!
    static func after(seconds: Int64) -> Timestamp { Timestamp(microseconds: start.microseconds + seconds * 1_000_000) }
    static func entry(position: Int64, at time: Timestamp = start) -> CaseCheckCache.Entry {
        CaseCheckCache.Entry(events: 3, passed: true, failure: nil, lastPosition: position, checkedAt: time)
    }

    @Test func aCheckIsShownAgainOnlyWhileTheCaseHasNoNewEventAndItIsRecent() {
        var cache = CaseCheckCache(maximumAge: .seconds(600))
        cache.record("case-1", Self.entry(position: 42))
        #expect(cache.reusable("case-1", lastPosition: 42, now: Self.after(seconds: 1)) == Self.entry(position: 42))
        #expect(cache.reusable("case-1", lastPosition: 43, now: Self.after(seconds: 1)) == nil, "a new event: check again")
        #expect(cache.reusable("case-1", lastPosition: 42, now: Self.after(seconds: 600)) == nil, "as old as the interval")
        #expect(cache.reusable("case-1", lastPosition: 42, now: Self.after(seconds: -1)) == nil, "a clock that went back")
        #expect(cache.reusable("case-2", lastPosition: 42, now: Self.after(seconds: 1)) == nil)
        cache.removeAll()
        #expect(cache.reusable("case-1", lastPosition: 42, now: Self.after(seconds: 1)) == nil, "after a whole-store check")
    }

    @Test func aFullCacheStartsAgainEmpty() {
        var cache = CaseCheckCache(maximumAge: .seconds(600), capacity: 2)
        cache.record("case-1", Self.entry(position: 1))
        cache.record("case-2", Self.entry(position: 2))
        cache.record("case-2", Self.entry(position: 3))
        #expect(cache.entries.count == 2, "replacing an entry does not count")
        cache.record("case-3", Self.entry(position: 4))
        #expect(cache.entries.keys.sorted() == ["case-3"])
        #expect(CaseCheckCache.microseconds(.milliseconds(1_500)) == 1_500_000)
    }
}
