@testable import SuiviApp
@testable import SuiviWorkers
import SuiviDomain
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

    @Test func aFullCacheDropsAPartitionRatherThanGrow() {
        let cache = StreamHeadCache(capacity: 3)
        cache.store([("a", 0, Self.head(1)), ("b", 0, Self.head(1)), ("c", 1, Self.head(1))])
        cache.store([("d", 1, Self.head(1))])
        let kept = cache.heads([("a", 0), ("b", 0), ("c", 1), ("d", 1)])
        #expect(kept.count <= 3)
        #expect(kept["d"] != nil, "the newest head is kept")
        cache.store([("a", 0, Self.head(5))])
        #expect(cache.heads([("a", 0)])["a"]?.lastHash == [5], "an update replaces")
    }
}
