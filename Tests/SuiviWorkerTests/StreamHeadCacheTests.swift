@testable import SuiviApp
@testable import SuiviWorkers
@testable import SuiviDomain
import SuiviStore
import Testing

/// The decider's cache of stream heads: per partition, dropped on rebalance and failure, bounded.
@Suite struct StreamHeadCacheTests {
    static func head(_ version: Int) -> StreamHead {
        var state = AggregateState.empty
        state.version = version
        return StreamHead(state: state, lastHash: [UInt8(version)])
    }

    @Test func headsAreFoundOnlyUnderTheirPartition() {
        let cache = StreamHeadCache()
        cache.store([("a", 0, Self.head(1)), ("b", 1, Self.head(2))])
        let found = cache.heads([("a", 0), ("b", 0), ("c", 1)])
        #expect(found.keys.sorted() == ["a"])
        #expect(found["a"]?.lastHash == [1])
    }

    @Test func aRebalanceOrAFailureDropsWhatAnotherWriterMayHaveChanged() {
        let cache = StreamHeadCache()
        cache.store([("a", 0, Self.head(1)), ("b", 1, Self.head(2))])
        cache.drop([0])
        #expect(cache.heads([("a", 0), ("b", 1)]).keys.sorted() == ["b"])
        cache.dropAll()
        #expect(cache.heads([("b", 1)]).isEmpty)
    }

    @Test func aFullCacheDropsItsHeaviestPartitionRatherThanGrow() {
        let cache = StreamHeadCache(capacity: 3 * StreamHeadCache.bytesPerHead)
        cache.store([("a", 0, Self.head(1)), ("b", 0, Self.head(1)), ("c", 1, Self.head(1))])
        #expect(cache.heads([("a", 0), ("b", 0), ("c", 1)]).count == 3, "up to the bound, everything is kept")
        cache.store([("d", 1, Self.head(1))])
        let kept = cache.heads([("a", 0), ("b", 0), ("c", 1), ("d", 1)])
        #expect(kept.keys.sorted() == ["a", "b"] || kept.keys.sorted() == ["c", "d"], "one whole partition goes")
        #expect(cache.bytes <= 3 * StreamHeadCache.bytesPerHead)
        cache.store([("a", 0, Self.head(5))])
        #expect(cache.heads([("a", 0)])["a"]?.lastHash == [5], "an update replaces")
    }

    @Test func aCaseWeighsWhatItsActivityIDsHold() {
        var state = AggregateState.empty
        for index in 0..<1_000 { state.assistanceCase.activityIDs.insert("activity-\(index)") }
        let heavy = StreamHead(state: state, lastHash: nil)
        #expect(StreamHeadCache.bytes(of: heavy) >= StreamHeadCache.bytesPerHead + 8_000)
        let cache = StreamHeadCache(capacity: StreamHeadCache.bytesPerHead * 4)
        cache.store([("light", 0, Self.head(1)), ("heavy", 1, heavy)])
        #expect(cache.heads([("light", 0), ("heavy", 1)]).keys.sorted() == ["light"], "the heavy partition went")
        cache.store([("again", 0, Self.head(2))])
        #expect(cache.heads([("light", 0), ("again", 0)]).count == 2, "replacing and adding below the bound keeps both")
    }
}
