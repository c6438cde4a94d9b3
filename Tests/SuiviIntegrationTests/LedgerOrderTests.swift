import Foundation
import SuiviApp
import SuiviDomain
import SuiviPostgres
import SuiviStore
import Synchronization
import Testing

/// Several deciders: the ledger head's row lock, taken right before the insert, makes commit order equal
/// position order, and the ledger stays one chain.
@Suite("Ledger: commit order is position order", .serialized)
struct LedgerOrderTests {
    /// The events a decider would append for a new case.
    static func events(case caseID: String) throws -> [CommandProcessor.NewEvent] {
        let envelope = SampleCommands.requestAssistance(case: caseID, id: "cmd-\(caseID)")
        guard case .success(let command) = CommandDecoder.decode(SampleCommands.bytes(envelope)) else {
            throw AuditFixtures.FixtureError("the sample command does not decode")
        }
        var processor = CommandProcessor(heads: [:], outcomes: [:], now: SystemClock.now())
        processor.process(.init(command: command, partition: 0, offset: 0))
        return processor.events
    }

    @Test func aSecondAppendWaitsForTheFirstToCommit() async throws {
        try await TestStack.withScope { scope in
            let first = try scope.connect()
            defer { first.close() }
            try first.execute("BEGIN")
            let firstPositions = try EventStore(connection: first).append(try Self.events(case: "case-ledger-first"))

            // A second decider appends on its own thread: it must wait for the first to commit.
            let url = scope.databaseURL
            let secondEvents = try Self.events(case: "case-ledger-second")
            let second = Mutex<Result<[String: Int64], any Error>?>(nil)
            let thread = Thread {
                let result = Result<[String: Int64], any Error> {
                    let connection = try PostgresConnection(connectionString: url, applicationName: "suivi-tests", logger: TestStack.logger)
                    defer { connection.close() }
                    return try connection.transaction { connection in try EventStore(connection: connection).append(secondEvents) }
                }
                second.withLock { $0 = result }
            }
            thread.start()
            try await Task.sleep(for: .seconds(1))
            #expect(second.withLock { $0 == nil }, "the second append waits for the ledger head's lock")
            try first.execute("COMMIT")
            try await TestStack.eventually("the second append commits", timeout: .seconds(120)) { second.withLock { $0 != nil } }
            let secondPositions = try #require(try second.withLock { $0 }?.get())
            #expect(firstPositions.values.max()! < secondPositions.values.min()!, "positions follow commit order")

            let report = try StoreAudit(connection: first).verify(streamID: nil)
            #expect(report.passed && report.eventsChecked == firstPositions.count + secondPositions.count,
                "\(String(describing: report.firstFailure))")
            let head = try #require(try CheckpointStore(connection: first).ledgerHead())
            #expect(head.position == secondPositions.values.max()!)
        }
    }
}
