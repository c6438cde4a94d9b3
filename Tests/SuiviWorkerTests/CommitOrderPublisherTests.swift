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

    @Test func submitWaitsWhileTheLimitIsReached() async {
        let publisher = CommitOrderPublisher(label: "test.publisher", limit: 1)
        let running = Mutex(0)
        let most = Mutex(0)
        for _ in 0..<5 {
            await publisher.submit {
                let now = running.withLock { value in
                    value += 1
                    return value
                }
                most.withLock { $0 = max($0, now) }
                try? await Task.sleep(for: .milliseconds(5))
                running.withLock { $0 -= 1 }
            }
        }
        await publisher.drain()
        #expect(most.withLock { $0 } == 1)
        #expect(running.withLock { $0 } == 0)
    }
}
