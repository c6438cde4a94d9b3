@testable import SuiviApp
@testable import SuiviWorkers
import Testing

/// What a worker does when a batch fails: every action ``BatchRetry`` can return.
@Suite struct BatchRetryTests {
    @Test func aTransientFailureIsRetriedWholeWithAGrowingDelay() {
        var retry = BatchRetry()
        #expect(retry.mode == .whole)
        #expect(retry.failed(deterministic: false, stopping: false) == .retry(after: .milliseconds(100), mode: .whole))
        #expect(retry.failed(deterministic: false, stopping: false) == .retry(after: .milliseconds(200), mode: .whole))
        #expect(retry.failed(deterministic: false, stopping: false) == .retry(after: .milliseconds(400), mode: .whole))
        #expect(retry.failures == 3)
    }

    @Test func aRefusalTheSameInputCausesAgainIsolatesTheMessagesAfterTheSecond() {
        var retry = BatchRetry()
        #expect(retry.failed(deterministic: true, stopping: false) == .retry(after: .milliseconds(100), mode: .whole))
        #expect(retry.failed(deterministic: true, stopping: false) == .retry(after: .milliseconds(200), mode: .isolating))
        #expect(retry.mode == .isolating)
        // A lost connection while isolating: back to the whole batch (nothing says it is the input).
        #expect(retry.failed(deterministic: false, stopping: false) == .retry(after: .milliseconds(400), mode: .whole))
        #expect(retry.failed(deterministic: true, stopping: false) == .retry(after: .milliseconds(800), mode: .isolating))
    }

    @Test func aHandlerThatCannotIsolateKeepsRetryingWhole() {
        var retry = BatchRetry(canIsolate: false)
        for _ in 0..<5 { _ = retry.failed(deterministic: true, stopping: false) }
        #expect(retry.mode == .whole)
    }

    @Test func aStoppingWorkerGivesUpTheBatch() {
        var retry = BatchRetry()
        #expect(retry.failed(deterministic: false, stopping: true) == .giveUp)
        #expect(retry.failed(deterministic: true, stopping: true) == .giveUp)
    }

    @Test func theDelayHasACeilingAndAResetStartsAgain() {
        var backoff = Backoff(ceiling: .seconds(1))
        let delays = (0..<6).map { _ in backoff.next() }
        #expect(delays == [.milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(800), .seconds(1), .seconds(1)])
        backoff.reset()
        #expect(backoff.next() == .milliseconds(100))
    }
}
