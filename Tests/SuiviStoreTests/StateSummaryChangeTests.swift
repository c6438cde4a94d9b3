import Foundation
@testable import SuiviStore
import SuiviDomain
import Testing

/// The per-State summary the projector keeps (`state_summary`), folded in memory: whatever the batches, the
/// sum of their changes is what the aggregate over the final rows and the events gives, and an event
/// delivered twice changes nothing.
@Suite struct StateSummaryChangeTests {
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Schemas/examples")

    /// The demo scenario decided in memory: its events in store order.
    static func demoEvents() throws -> [RecordedEvent] {
        let lines = try String(contentsOf: examples.appendingPathComponent("demo-scenario.ndjson"), encoding: .utf8)
            .split(separator: "\n").filter { !$0.isEmpty }
        var processor = CommandProcessor(heads: [:], outcomes: [:], now: Timestamp(rfc3339: "2026-12-01T00:00:00Z")!)
        for (offset, line) in lines.enumerated() {
            processor.process(.init(command: try CommandDecoder.decode(Array(line.utf8)).get(), partition: 0, offset: Int64(offset)))
        }
        processor.decideHeld()
        return processor.events.enumerated().map { index, new in
            var recorded = new.recorded
            recorded.position = Int64(index + 1)
            return recorded
        }
    }

    /// The table as the upserts leave it: figures added, the latest date kept.
    static func add(_ change: StateSummaryChange, to table: inout [String: StateSummaryChange.Figures]) {
        for (state, figures) in change.changed {
            var row = table[state, default: .init()]
            row.cases += figures.cases
            for (status, n) in figures.statuses { row.statuses[status, default: 0] += n }
            row.decisions += figures.decisions
            row.activities += figures.activities
            row.lastActivityOn = [row.lastActivityOn, figures.lastActivityOn].compactMap { $0 }.max()
            table[state] = row
        }
    }

    /// What the aggregate over the read models gives: statuses of the final rows, decisions and activities of
    /// the cases that have a row.
    static func aggregate(rows: [String: CaseRow], events: [RecordedEvent]) -> [String: StateSummaryChange.Figures] {
        var table: [String: StateSummaryChange.Figures] = [:]
        for row in rows.values {
            table[row.state, default: .init()].cases += 1
            table[row.state, default: .init()].statuses[row.status, default: 0] += 1
        }
        for event in events {
            guard let state = rows[event.streamID]?.state else { continue }
            switch event.event {
            case .assistanceApproved, .assistanceDeclined: table[state, default: .init()].decisions += 1
            case .activityRecorded(let recorded):
                table[state, default: .init()].activities += 1
                table[state]!.lastActivityOn = max(table[state]!.lastActivityOn ?? recorded.activity.endDate, recorded.activity.endDate)
            default: break
            }
        }
        // Statuses no case has any more are zero in the table, absent here.
        return table
    }

    static func normalised(_ table: [String: StateSummaryChange.Figures]) -> [String: StateSummaryChange.Figures] {
        table.mapValues { figures in
            var figures = figures
            figures.statuses = figures.statuses.filter { $0.value != 0 }
            return figures
        }
    }

    @Test(arguments: [1, 2, 5, 17, 1_000])
    func batchesOfAnySizeSumToTheAggregate(batchSize: Int) throws {
        let events = try Self.demoEvents().filter { $0.aggregate == .assistanceCase }
        try #require(events.count > 20)
        var rows: [String: CaseRow] = [:]
        var table: [String: StateSummaryChange.Figures] = [:]
        for start in stride(from: 0, to: events.count, by: batchSize) {
            let batch = Array(events[start..<min(start + batchSize, events.count)])
            let touched = Set(batch.map(\.streamID))
            let (after, _, change) = CaseProjection.fold(batch, onto: rows.filter { touched.contains($0.key) })
            rows.merge(after) { $1 }
            Self.add(change, to: &table)
        }
        let expected = Self.aggregate(rows: rows, events: events)
        #expect(Self.normalised(table) == expected)
        // The demo scenario reaches more than one status, decisions and activities in every State it has.
        #expect(Set(rows.values.map(\.status)).count >= 2)
        #expect(expected.values.allSatisfy { $0.decisions > 0 && $0.activities > 0 && $0.lastActivityOn != nil })
    }

    @Test func anEventDeliveredAgainChangesNothing() throws {
        let events = try Self.demoEvents().filter { $0.aggregate == .assistanceCase }
        let (rows, _, first) = CaseProjection.fold(events, onto: [:])
        #expect(!first.changed.isEmpty)
        let (_, changed, again) = CaseProjection.fold(events, onto: rows)
        #expect(changed.isEmpty && again.changed.isEmpty)
    }

    @Test func aCaseMovingBetweenStatusesLeavesTheOldOne() {
        var change = StateSummaryChange()
        let requested = CaseRow(
            caseID: "case-1", state: "TGO", provider: "ohchr", purpose: "strengthen", capacities: [], status: "requested",
            requestedAt: Timestamp(microseconds: 0), requestedBy: "someone", lastEventAt: Timestamp(microseconds: 0), version: 1,
            lastPosition: 1)
        var active = requested
        active.status = "active"
        change.caseChanged(from: requested, to: active)
        #expect(change.changed.count == 1)
        #expect(change.states["TGO"]?.cases == 0)
        #expect(change.states["TGO"]?.statuses == ["requested": -1, "active": 1])
        var unchanged = StateSummaryChange()
        unchanged.caseChanged(from: active, to: active)
        #expect(unchanged.changed.isEmpty)
    }
}
