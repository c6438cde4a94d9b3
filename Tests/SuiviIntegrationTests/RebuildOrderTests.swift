import SuiviOperations
import SuiviDomain
import SuiviPostgres
import SuiviStore
import Synchronization
import Testing

/// Positions are taken when a decider inserts, not when it commits: with two deciders, the events with
/// the lower positions can become visible after higher ones were read. A rebuild reading in position
/// order must still end up with every committed event.
@Suite("Rebuild: events committed out of position order", .serialized)
struct RebuildOrderTests {
    @Test func anEventCommittedAfterHigherPositionsWereReadIsInTheSwappedReadModels() async throws {
        try await TestStack.withScope { scope in
            let connection = try scope.connect()
            try AuditFixtures.appendChain(connection, stream: "case-order-early", count: 3)
            // A transaction takes positions and stays open... Since migration 10 a decider's append holds the
            // ledger head's lock until it commits, so deciders can no longer commit out of position order
            // (`LedgerOrderTests`); the rebuild still copes with a writer that bypasses the lock, as this one
            // does by bringing its own ledger hash.
            let late = try scope.connect()
            defer { late.close() }
            try late.execute("BEGIN")
            let pending = try AuditFixtures.appendOne(late, stream: "case-order-late", version: 1, previous: nil, state: "SEN",
                ledgerHash: [UInt8](repeating: 0xEE, count: 32))
            // ...while another decider's later positions commit.
            let after = try AuditFixtures.appendChain(connection, stream: "case-order-other", count: 2)
            #expect(pending.position < after[0].position)

            let committed = Mutex(false)
            var options = RebuildOptions()
            options.chunkSize = 1
            // The first decider commits once the rebuild has applied a position above its own.
            let rebuilder = try ReadModelRebuilder(configuration: try scope.configuration, logger: TestStack.logger) { progress in
                guard progress.phase == "store", progress.done >= after[0].position else { return }
                committed.withLock { done in
                    if !done { _ = try? late.execute("COMMIT") }
                    done = true
                }
            }
            let report = try rebuilder.run(options)
            #expect(committed.withLock { $0 }, "the late transaction was committed during the rebuild")
            #expect(report.swapped)
            let versions = try ReadModelStore(connection: connection).streamVersions(
                ["case-order-early", "case-order-late", "case-order-other"])
            #expect(versions == ["case-order-early": 3, "case-order-late": 1, "case-order-other": 2])
            let cases = try connection.query("SELECT count(*) AS n FROM suivi_read.cases")
            #expect(try cases[0].int("n") == 3)
        }
    }
}
