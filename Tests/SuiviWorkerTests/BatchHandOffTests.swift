@testable import SuiviWorkers
import Testing

/// The engine's hand-off: one batch at a time on its own thread, in order, and the resource (the
/// connection) lent to one user at a time.
@Suite struct BatchHandOffTests {
    /// Stands in for the connection: not Sendable, counts who used it.
    final class Resource {
        var uses: [String] = []
    }

    @Test func aBatchGetsTheResourceAndItsOutcomeComesBack() async {
        let handOff = BatchHandOff<Resource, Int>(label: "test.batches", resource: Resource())
        #expect(await handOff.finish() == nil)
        handOff.start { resource in
            resource.uses.append("batch 1")
            return 10
        }
        #expect(await handOff.finish() == 10)
        handOff.start { resource in
            resource.uses.append("batch 2")
            return 20
        }
        #expect(await handOff.finish() == 20)
        #expect(handOff.withResource { $0.uses } == ["batch 1", "batch 2"])
    }

    @Test func borrowingWaitsUntilTheBatchInFlightIsDone() async {
        let handOff = BatchHandOff<Resource, Int>(label: "test.batches", resource: Resource())
        handOff.start { resource in
            // Still working when the loop asks for the resource.
            try? await Task.sleep(for: .milliseconds(50))
            resource.uses.append("batch")
            return 1
        }
        // Blocks this thread until the batch has put the resource back.
        let seen = handOff.withResource { resource in
            resource.uses.append("loop")
            return resource.uses
        }
        #expect(seen == ["batch", "loop"])
        #expect(await handOff.finish() == 1)
    }

    @Test func theLoopsAsynchronousWorkBorrowsItBetweenBatches() async {
        let handOff = BatchHandOff<Resource, Int>(label: "test.batches", resource: Resource())
        handOff.start { _ in 1 }
        _ = await handOff.finish()
        let count = await handOff.withResourceAsync { resource in
            await Task.yield()
            resource.uses.append("idle")
            return resource.uses.count
        }
        #expect(count == 1)
    }
}
