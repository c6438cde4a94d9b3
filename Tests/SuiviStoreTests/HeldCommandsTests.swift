import SuiviDomain
import SuiviStore
import Testing

/// The decider's holding of commands that read other streams, decided in memory: what a batch holds,
/// when it lets go, what it tells the store, and what survives a rebalance.
@Suite struct HeldCommandsTests {
    let wait: Int64 = 5_000_000

    @Test func aSubmissionReadBeforeItsConsultationsIsHeldThenAccepted() {
        let scenario = CrossStreamScenario(prefix: "t1")
        let all = ProcessorSupport.incoming(scenario, withFollower: true)
        // The report's own commands arrive first (their partition was read first); the consultations later.
        let reportFirst = all.filter { $0.command.streamID == scenario.report }
        let consultations = all.filter { $0.command.streamID != scenario.report }
        var heads: [String: StreamHead] = [:]
        let first = ProcessorSupport.batch(
            reportFirst, heads: &heads, holds: HeldCommands(waitMicroseconds: wait), at: ProcessorSupport.seconds(0))
        #expect(ProcessorSupport.status(first, "t1-drafting")?.0 == .accepted)
        #expect(ProcessorSupport.status(first, scenario.submissionID) == nil, "held, not answered")
        #expect(ProcessorSupport.status(first, scenario.followerID) == nil, "waits behind the held submission")
        #expect(first.holds.count == 2)
        #expect(first.holds.changes.added.map(\.incoming.command.id) == [scenario.submissionID, scenario.followerID])

        var holds = first.holds
        holds.written()
        #expect(holds.changes.isEmpty)
        let second = ProcessorSupport.batch(consultations, heads: &heads, holds: holds, at: ProcessorSupport.seconds(0.2))
        #expect(ProcessorSupport.status(second, scenario.submissionID)?.0 == .accepted)
        #expect(ProcessorSupport.status(second, scenario.followerID)?.0 == .accepted)
        let order = second.answers.map(\.outcome.commandID)
        #expect(order.firstIndex(of: scenario.submissionID)! < order.firstIndex(of: scenario.followerID)!)
        #expect(second.holds.isEmpty)
        #expect(Set(second.holds.changes.released) == Set(first.holds.entries.map(\.place)), "the store's rows are deleted")
    }

    @Test func aConsultationNeverHeldRejectsTheSubmissionAfterTheWaitAndItsFollowerAfterIt() {
        let scenario = CrossStreamScenario(prefix: "t2", neverHeld: 3)
        let all = ProcessorSupport.incoming(scenario, withFollower: true)
        var heads: [String: StreamHead] = [:]
        var holds = HeldCommands(waitMicroseconds: wait)
        let first = ProcessorSupport.batch(CommandProcessor.causalOrder(all), heads: &heads, holds: holds, at: ProcessorSupport.seconds(0))
        #expect(ProcessorSupport.status(first, scenario.submissionID) == nil)
        holds = first.holds
        holds.written()
        let during = ProcessorSupport.batch([], heads: &heads, holds: holds, at: ProcessorSupport.seconds(4.9))
        #expect(during.answers.isEmpty, "still within the wait")
        #expect(during.holds.changes.isEmpty, "nothing to write while waiting")
        let after = ProcessorSupport.batch([], heads: &heads, holds: holds, at: ProcessorSupport.seconds(5.0))
        #expect(ProcessorSupport.status(after, scenario.submissionID)?.1 == ["report.consultation-not-held"])
        // The report was never submitted, so presenting it is out of order: decided after, not held.
        #expect(ProcessorSupport.status(after, scenario.followerID)?.1 == ["report.invalid-transition"])
        #expect(after.answers.map(\.outcome.commandID) == [scenario.submissionID, scenario.followerID])
        #expect(after.holds.isEmpty)
    }

    @Test func withNoWaitNothingIsHeld() {
        let scenario = CrossStreamScenario(prefix: "t3")
        let reportOnly = ProcessorSupport.incoming(scenario).filter { $0.command.streamID == scenario.report }
        var heads: [String: StreamHead] = [:]
        let batch = ProcessorSupport.batch(reportOnly, heads: &heads, holds: HeldCommands(waitMicroseconds: 0), at: ProcessorSupport.seconds(0))
        #expect(Set(ProcessorSupport.status(batch, scenario.submissionID)?.1 ?? []) == ["report.consultation-unknown"])
        #expect(batch.holds.isEmpty)
    }

    @Test func aRejectionThatWaitingCannotCureIsGivenAtOnce() {
        // Submitting before drafting is out of order whatever the consultations do.
        let scenario = CrossStreamScenario(prefix: "t4")
        let items = ProcessorSupport.incoming(scenario).filter { $0.command.id == "t4-mandate" || $0.command.id == scenario.submissionID }
        var heads: [String: StreamHead] = [:]
        let batch = ProcessorSupport.batch(items, heads: &heads, holds: HeldCommands(waitMicroseconds: wait), at: ProcessorSupport.seconds(0))
        let codes = ProcessorSupport.status(batch, scenario.submissionID)?.1 ?? []
        #expect(codes.contains("report.invalid-transition"))
        #expect(batch.holds.isEmpty)
    }

    @Test func timestampOrderInterleavesPartitionsAndKeepsEachOnesOrder() {
        let scenario = CrossStreamScenario(prefix: "t5")
        let all = ProcessorSupport.incoming(scenario)
        // As a poll may return them: grouped by partition.
        let grouped = all.sorted { ($0.partition, $0.offset) < ($1.partition, $1.offset) }
        let ordered = CommandProcessor.causalOrder(grouped)
        #expect(ordered.map(\.command.id) == all.map(\.command.id), "publish order restored")
        var heads: [String: StreamHead] = [:]
        let batch = ProcessorSupport.batch(ordered, heads: &heads, holds: HeldCommands(waitMicroseconds: 0), at: ProcessorSupport.seconds(0))
        #expect(ProcessorSupport.status(batch, scenario.submissionID)?.0 == .accepted)
    }

    @Test func aStoreWriteIsOnlyWhatChangedAndARebalanceDropsAndRestores() {
        let scenario = CrossStreamScenario(prefix: "t6")
        let reportOnly = ProcessorSupport.incoming(scenario, withFollower: true).filter { $0.command.streamID == scenario.report }
        var heads: [String: StreamHead] = [:]
        let batch = ProcessorSupport.batch(reportOnly, heads: &heads, holds: HeldCommands(waitMicroseconds: wait), at: ProcessorSupport.seconds(0))
        var holds = batch.holds
        let entries = holds.entries
        #expect(holds.changes.added.count == 2 && holds.changes.released.isEmpty)
        holds.written()
        // Decided again but still waiting: released and held again is no change for the store.
        var again = CommandProcessor(heads: heads, outcomes: [:], now: ProcessorSupport.seconds(1), holds: holds)
        again.decideHeld()
        #expect(again.holds.changes.isEmpty)
        // Revoked: forgotten here; the new owner restores them from the store with their original time.
        let partition = entries[0].incoming.partition
        holds.drop(partitions: [partition])
        #expect(holds.isEmpty && holds.changes.isEmpty)
        holds.restore(entries.reversed())
        #expect(holds.entries.map(\.incoming.command.id) == [scenario.submissionID, scenario.followerID], "restored in offset order")
        #expect(holds.oldest == ProcessorSupport.seconds(0))
        #expect(holds.changes.isEmpty, "restored entries are already stored")
    }
}
