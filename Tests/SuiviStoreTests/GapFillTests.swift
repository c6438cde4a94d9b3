import SuiviDomain
import SuiviStore
import Testing

/// The projector's gap filling as a plain value: which events of a batch are new, which were delivered
/// again, and which gaps the store fills first.
@Suite struct GapFillTests {
    /// Real events, decided from the cross-stream scenario: every stream's versions 1...n.
    static let events: [RecordedEvent] = {
        var heads: [String: StreamHead] = [:]
        let items = ProcessorSupport.incoming(CrossStreamScenario(prefix: "gap"))
        let processor = ProcessorSupport.batch(items, heads: &heads, holds: HeldCommands(waitMicroseconds: 0), at: ProcessorSupport.start)
        return processor.events.map(\.recorded)
    }()

    /// The stream with the most events, in version order.
    static var longest: [RecordedEvent] {
        let byStream = Dictionary(grouping: events, by: \.streamID)
        return byStream.values.max { $0.count < $1.count }!.sorted { $0.version < $1.version }
    }

    @Test func theScenarioHasAStreamLongEnoughForGaps() {
        #expect(Self.longest.count >= 3)
        #expect(Self.longest.map(\.version) == Array(1...Self.longest.count))
    }

    @Test func aBatchInOrderIsAppliedWhole() {
        var fill = GapFill(applied: [:])
        #expect(fill.gaps(in: Self.events).isEmpty)
        let plan = fill.plan(Self.events)
        #expect(plan.fresh == Self.events)
        #expect(plan.skipped == 0 && plan.filled == 0)
        #expect(Set(plan.lastApplied.keys) == Set(Self.events.map(\.streamID)))
        for (stream, last) in plan.lastApplied {
            #expect(last.version == Self.events.filter { $0.streamID == stream }.map(\.version).max())
        }
    }

    @Test func eventsDeliveredAgainAreSkipped() {
        let stream = Self.longest
        var fill = GapFill(applied: [stream[0].streamID: 2])
        #expect(fill.gaps(in: stream).isEmpty)
        let plan = fill.plan(stream)
        #expect(plan.skipped == 2)
        #expect(plan.fresh.map(\.version) == Array(3...stream.count))
        #expect(fill.versions[stream[0].streamID] == stream.count)
        // The same batch again: nothing new.
        let again = fill.plan(stream)
        #expect(again.fresh.isEmpty && again.skipped == stream.count && again.lastApplied.isEmpty)
    }

    @Test func aGapIsReadFromTheStoreAndAppliedBeforeTheEventAfterIt() {
        let stream = Self.longest
        let id = stream[0].streamID
        // Version 1 applied; the batch brings 3 and later (2 was published late).
        var fill = GapFill(applied: [id: 1])
        let batch = Array(stream[2...])
        #expect(fill.gaps(in: batch) == [EventStore.VersionGap(streamID: id, after: 1, before: 3)])
        let plan = fill.plan(batch, filling: [id: [stream[1]]])
        #expect(plan.fresh.map(\.version) == Array(2...stream.count))
        #expect(plan.filled == 1 && plan.skipped == 0)
        #expect(plan.lastApplied[id]?.version == stream.count)
    }

    @Test func aGapTheStoreCannotFillStaysOpen() {
        // An operator skipped version 2: the store returns nothing for the gap, and 3 follows 1.
        let stream = Self.longest
        var fill = GapFill(applied: [stream[0].streamID: 1])
        let plan = fill.plan(Array(stream[2...]), filling: [:])
        #expect(plan.fresh.map(\.version) == Array(3...stream.count))
        #expect(plan.filled == 0)
    }

    @Test func aGapInsideTheBatchIsNamedOnceAndFilledInPlace() {
        let stream = Self.longest
        let id = stream[0].streamID
        var fill = GapFill(applied: [:])
        // Version 1, then 3: the batch itself skips 2; 1 again (a duplicate within the batch) opens nothing.
        let batch = [stream[0], stream[2], stream[0]]
        #expect(fill.gaps(in: batch) == [EventStore.VersionGap(streamID: id, after: 1, before: 3)])
        let plan = fill.plan(batch, filling: [id: [stream[1]]])
        #expect(plan.fresh.map(\.version) == [1, 2, 3])
        #expect(plan.filled == 1 && plan.skipped == 1)
    }
}
