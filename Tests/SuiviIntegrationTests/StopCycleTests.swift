import Foundation
import SuiviStore
import Testing

/// A graceful stop ends the process cleanly every time, not only most times: the projector once aborted
/// after "projector stopped" (glibc heap corruption, exit status 6) because `exit` ran OpenSSL's cleanup
/// while the worker's loop thread was still finishing (`ProcessExit` in SuiviWorkers). That race hit about
/// one stop in 2,000, so these cycles cannot prove it gone; they catch a stop path that fails more often,
/// each cycle doing what a deployment does: start, join the group, apply an event, SIGTERM.
@Suite("Workers: repeated graceful stops", .serialized)
struct StopCycleTests {
    static let cycles = 8

    @Test func aProjectorStoppedAgainAndAgainExitsZeroEachTime() async throws {
        try await TestStack.withScope(partitions: 2) { scope in
            let configuration = try scope.configuration
            let connection = try scope.connect()
            let stream = "case-stop-cycles"
            let stored = try AuditFixtures.appendChain(connection, stream: stream, count: Self.cycles)
            let readModels = ReadModelStore(connection: connection)
            var environment = scope.environment
            environment["SUIVI_METRICS_PORT"] = "0"
            for cycle in 0..<Self.cycles {
                let projector = try WorkerProcess("suivi-projector", environment: environment)
                defer { projector.stop(signal: SIGKILL) }
                try await AuditFixtures.publish([stored[cycle]], to: scope)
                try await TestStack.eventually("cycle \(cycle): the event is applied") {
                    try readModels.streamVersions([stream]) == [stream: cycle + 1]
                }
                let status = projector.stop()
                #expect(status == 0, "cycle \(cycle): the projector exits 0 on SIGTERM: \(projector.log.suffix(3000))")
                #expect(projector.log.contains("projector stopped"), "cycle \(cycle): \(projector.log.suffix(2000))")
                if status != 0 { break }
            }
            #expect(try readModels.stats(group: configuration.projectorGroup).applied == Self.cycles)
        }
    }
}
