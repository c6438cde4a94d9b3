import SuiviDomain
import SuiviPostgres
import SuiviStore
import Testing

/// When a publication fails after its commit, a later batch of the same partition can reach the events
/// topic first; the relay's copy of the missing event then arrives after its successors. The projector
/// must not skip it as "already applied": it reads what is missing from the store and applies it first.
@Suite("Projector: gaps in a stream are filled from the store", .serialized)
struct GapFillTests {
    @Test func anEventThatArrivesAfterItsSuccessorsIsAppliedOnceAndInOrder() async throws {
        try await TestStack.withScope { scope in
            let configuration = try scope.configuration
            let connection = try scope.connect()
            let stream = "case-gap-1"
            let stored = try AuditFixtures.appendChain(connection, stream: stream, count: 4)
            let other = try AuditFixtures.appendChain(connection, stream: "case-gap-2", count: 2)
            let projector = try WorkerProcess("suivi-projector", environment: scope.environment)
            defer { projector.stop() }

            // Version 1, then 3 and 4 (2 is missing), and the other stream whole.
            try await AuditFixtures.publish([stored[0], stored[2], stored[3]] + other, to: scope)
            let readModels = ReadModelStore(connection: connection)
            try await TestStack.eventually("the published events are applied") {
                try readModels.streamVersions([stream, "case-gap-2"]) == [stream: 4, "case-gap-2": 2]
            }
            #expect(try readModels.stats(group: configuration.projectorGroup) == .init(applied: 6, skipped: 0))
            // The relay's late copy of version 2 is then skipped: it was applied once, from the store.
            try await AuditFixtures.publish([stored[1]], to: scope)
            try await TestStack.eventually("the late copy is consumed") {
                try readModels.stats(group: configuration.projectorGroup).skipped == 1
            }
            #expect(try readModels.stats(group: configuration.projectorGroup) == .init(applied: 6, skipped: 1))
            let row = try connection.query("SELECT version, last_position FROM suivi_read.cases WHERE case_id = \(stream)")
            #expect(try row[0].int("version") == 4)
            #expect(try row[0].int("last_position") == stored[3].position)
            #expect(projector.log.contains("read from the store"), "the fill is logged: \(projector.log.suffix(2000))")
            #expect(projector.stop() == 0)
        }
    }
}
