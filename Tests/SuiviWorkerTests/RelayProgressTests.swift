@testable import SuiviApp
@testable import SuiviWorkers
import Synchronization
import SuiviStore
import Testing

/// The relay's bookkeeping: a cursor only moves to what the broker acknowledged, and a failed publication
/// keeps its partitions' cursors back until the catch-up has republished them from the store.
@Suite struct RelayProgressTests {
    final class Delivery: DeliveryStatus {
        private let state = Mutex<Bool?>(nil)
        var succeeded: Bool? { state.withLock { $0 } }
        func answer(_ ok: Bool) { state.withLock { $0 = ok } }
        func wait() async {}
    }

    typealias Progress = RelayProgress<Delivery>

    static func publication(_ delivery: Delivery, events: [Int32: Int64], outcomes: [Int32: Int64] = [:]) -> Progress.Publication {
        Progress.Publication(delivery: delivery, events: events, outcomes: outcomes, partitions: Set(events.keys).union(outcomes.keys))
    }

    @Test func acknowledgedPositionsAdvanceInOrderAndWaitForTheOldest() {
        var progress = Progress()
        let first = Delivery(), second = Delivery()
        progress.published(Self.publication(first, events: [0: 10], outcomes: [0: 5]))
        progress.published(Self.publication(second, events: [0: 20, 1: 7]))
        second.answer(true)
        #expect(progress.collect().isEmpty)
        #expect(progress.acknowledged[.events]?.isEmpty == true, "the newer one waits for the oldest")
        #expect(progress.oldestPending === first)
        first.answer(true)
        #expect(progress.collect().isEmpty)
        #expect(progress.acknowledged[.events] == [0: 20, 1: 7])
        #expect(progress.acknowledged[.outcomes] == [0: 5])
        #expect(progress.pending.isEmpty)
        progress.written(progress.acknowledged)
        #expect(progress.acknowledged[.events]?.isEmpty == true)
    }

    @Test func writingKeepsWhatWasAcknowledgedSinceItWasRead() {
        var progress = Progress()
        let first = Delivery(), second = Delivery()
        progress.published(Self.publication(first, events: [0: 10, 1: 4]))
        first.answer(true)
        _ = progress.collect()
        let read = progress.acknowledged
        // The publisher's thread collects the next report while the transaction writes `read`.
        progress.published(Self.publication(second, events: [0: 15]))
        second.answer(true)
        _ = progress.collect()
        progress.written(read)
        #expect(progress.acknowledged[.events] == [0: 15], "partition 0 moved on after the read; partition 1 was written")
    }

    @Test func aFailedPublicationTaintsItsPartitionsUntilCaughtUp() {
        var progress = Progress()
        let failed = Delivery(), later = Delivery()
        progress.published(Self.publication(failed, events: [2: 30]))
        progress.published(Self.publication(later, events: [2: 40, 3: 9]))
        failed.answer(false)
        later.answer(true)
        #expect(progress.collect() == [2], "the catch-up must republish partition 2")
        #expect(progress.acknowledged[.events] == [3: 9], "a later acknowledgement does not move a tainted cursor")
        progress.caughtUp(2)
        let after = Delivery()
        progress.published(Self.publication(after, events: [2: 50]))
        after.answer(true)
        _ = progress.collect()
        #expect(progress.acknowledged[.events]?[2] == 50)
    }

    @Test func aPublicationNeverHandedToTheProducerTaintsToo() {
        var progress = Progress()
        progress.failed([4])
        let delivery = Delivery()
        progress.published(Self.publication(delivery, events: [4: 3]))
        delivery.answer(true)
        _ = progress.collect()
        #expect(progress.acknowledged[.events]?[4] == nil)
    }
}
