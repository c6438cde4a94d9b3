@testable import SuiviWorkers
import Testing

/// The engine's rebalance bookkeeping: which partitions a worker holds and where each starts.
@Suite struct RebalanceTests {
    @Test func anAssignedPartitionStartsAtItsStoredOffsetOrAtItsBeginning() {
        var rebalance = Rebalance()
        let start = rebalance.assigned([0, 1, 2], stored: [0: 41, 2: 7])
        #expect(start == [0: 41, 1: 0, 2: 7])
        #expect(rebalance.sorted == [0, 1, 2])
    }

    @Test func anIncrementalAssignmentAddsToWhatIsHeld() {
        var rebalance = Rebalance()
        _ = rebalance.assigned([0], stored: [:])
        #expect(rebalance.assigned([3], stored: [3: 5]) == [3: 5])
        #expect(rebalance.sorted == [0, 3])
    }

    @Test func aRevocationForgetsOnlyWhatWasHeld() {
        var rebalance = Rebalance()
        _ = rebalance.assigned([0, 1], stored: [:])
        #expect(rebalance.revoked([1, 5]) == [1])
        #expect(rebalance.sorted == [0])
        #expect(rebalance.revoked([1]) == [])
        #expect(rebalance.revoked([0]) == [0])
        #expect(rebalance.members.isEmpty)
    }
}
