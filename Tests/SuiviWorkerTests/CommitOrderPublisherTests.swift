@testable import SuiviWorkers
import Dispatch
import Synchronization
import Testing

/// The decider's publisher: publications run one at a time in the order they were submitted, at most
/// `limit` wait at once, and a drain waits for all of them.
@Suite struct CommitOrderPublisherTests {
    @Test func publicationsRunInSubmissionOrderAndDrainWaitsForAll() async {
        let publisher = CommitOrderPublisher(label: "test.publisher", limit: 2)
        let order = Mutex<[Int]>([])
        for index in 0..<20 {
            await publisher.submit {
                // Later ones are quicker: order must still hold.
                if index % 3 == 0 { try? await Task.sleep(for: .milliseconds(20 - index)) }
                order.withLock { $0.append(index) }
            }
        }
        await publisher.drain()
        #expect(order.withLock { $0 } == Array(0..<20))
    }

    @Test func drainBlockingWaitsFromAThreadThatCannotAwait() async {
        let publisher = CommitOrderPublisher(label: "test.publisher", limit: 2)
        let done = Mutex(false)
        await publisher.submit {
            try? await Task.sleep(for: .milliseconds(20))
            done.withLock { $0 = true }
        }
        // A thread outside the cooperative pool, as the decider's loop thread is.
        let seen = await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            DispatchQueue.global().async {
                publisher.drainBlocking()
                continuation.resume(returning: done.withLock { $0 })
            }
        }
        #expect(seen)
    }

    @Test func submitWaitsWhileTheLimitIsReached() async throws {
        let publisher = CommitOrderPublisher(label: "test.publisher", limit: 2)
        let open = Mutex(false)
        // The first publication holds until the gate opens; the second waits behind it: the limit is reached.
        await publisher.submit {
            while !open.withLock({ $0 }) { try? await Task.sleep(for: .milliseconds(1)) }
        }
        await publisher.submit {}
        let returned = Mutex(false)
        let third = Task {
            await publisher.submit {}
            returned.withLock { $0 = true }
        }
        try await Task.sleep(for: .milliseconds(100))
        #expect(!returned.withLock { $0 }, "submit returned while two publications were unfinished")
        open.withLock { $0 = true }
        await third.value
        #expect(returned.withLock { $0 })
        await publisher.drain()
    }
}
