import SuiviDomain
import Testing

/// A case's activity ids as sorted 64-bit digests: a set in behaviour, 8 bytes an id in memory.
@Suite struct ActivityIDsTests {
    @Test func itBehavesAsASetOfIDs() {
        var ids = ActivityIDs()
        for index in (0..<500).reversed() { ids.insert("activity-\(index)") }
        ids.insert("activity-7")
        #expect(ids.count == 500, "an id inserted twice counts once")
        #expect((0..<500).allSatisfy { ids.contains("activity-\($0)") })
        #expect(!ids.contains("activity-500") && !ids.contains(""))
        var other = ActivityIDs()
        for index in 0..<500 { other.insert("activity-\(index)") }
        #expect(ids == other, "equal whatever the order of insertion")
    }

    @Test func itHoldsAboutEightBytesAnID() {
        var ids = ActivityIDs()
        for index in 0..<10_000 { ids.insert("activity-\(index)") }
        #expect(ids.byteCount >= 80_000)
        #expect(ids.byteCount <= 80_000 * 13 / 10, "it grows by a quarter, not by doubling")
    }
}
