@testable import SuiviWorkers
import SuiviDomain
import SuiviStore
import Testing

/// When a batch may be decided while the one before it commits, and when such a decision still holds.
@Suite struct DecidingAheadTests {
    static let head = StreamHeadCacheTests.head

    @Test func withNothingInFlightABatchIsDecidedOnTheCommittedHeadsAlone() {
        let ahead = DecidingAhead()
        let base = ahead.base(previousCommitted: false)
        #expect(base?.generation == 0)
        #expect(base?.overlay.isEmpty == true)
    }

    @Test func aBatchIsDecidedOnWhatTheBatchInFlightWasDecidedToLeave() {
        var ahead = DecidingAhead()
        ahead.handedOver(heads: ["case-a": Self.head(3)])
        let base = ahead.base(previousCommitted: false)
        #expect(base?.overlay["case-a"]?.state.version == 3)
        #expect(ahead.holds(base!.generation))
        // Once that batch has committed, its heads are the cache's: nothing to lay over them.
        #expect(ahead.base(previousCommitted: true)?.overlay.isEmpty == true)
    }

    @Test func nothingIsDecidedAheadOfABatchDecidedInItsOwnTransaction() {
        var ahead = DecidingAhead()
        ahead.handedOver(heads: nil)
        #expect(ahead.base(previousCommitted: false) == nil)
        #expect(ahead.base(previousCommitted: true) != nil)
    }

    @Test func aDecisionMadeBeforeAnInvalidationIsMadeAgain() {
        var ahead = DecidingAhead()
        ahead.handedOver(heads: ["case-a": Self.head(3)])
        let generation = ahead.base(previousCommitted: false)!.generation
        // The batch in flight was decided again in its transaction (the store knew one of its ids),
        // failed, or a rebalance came: what was laid over its heads no longer holds.
        ahead.invalidate()
        #expect(!ahead.holds(generation))
        #expect(ahead.base(previousCommitted: false) == nil)
        let next = ahead.base(previousCommitted: true)!
        #expect(ahead.holds(next.generation))
        #expect(next.overlay.isEmpty)
    }
}
