import CRdKafka
import Synchronization

/// Collects the delivery reports of one `send` or `enqueue` call and resumes whoever waits for them once
/// every message has one.
///
/// Each message's opaque points at its slot, which names the batch and the message's index, so one
/// allocation serves the whole batch.
///
/// `@unchecked Sendable`: `slots` is written before its messages are enqueued and only read after;
/// everything that changes afterwards is inside `state`'s mutex.
final class DeliveryBatch: @unchecked Sendable {
    struct Slot {
        var batch: Unmanaged<DeliveryBatch>
        var index: Int
    }

    struct Failure {
        var index: Int
        var error: rd_kafka_resp_err_t
        var detail: String
    }

    private struct State {
        var remaining: Int
        var partitions: [Int32]
        var offsets: [Int64]
        var firstFailure: Failure?
        var failedCount = 0
        var waiting: [CheckedContinuation<Void, Never>] = []
    }

    let count: Int
    let slots: UnsafeMutablePointer<Slot>
    private let state: Mutex<State>

    /// - Parameter count: At least one message.
    init(count: Int) {
        precondition(count > 0)
        self.count = count
        self.slots = .allocate(capacity: count)
        self.state = Mutex(
            State(
                remaining: count,
                partitions: [Int32](repeating: -1, count: count),
                offsets: [Int64](repeating: -1, count: count)
            )
        )
        // Keeps the batch alive while librdkafka holds pointers into it; whoever completes the
        // last message releases it.
        let retained = Unmanaged.passRetained(self)
        for index in 0..<count {
            (slots + index).initialize(to: Slot(batch: retained, index: index))
        }
    }

    deinit {
        slots.deinitialize(count: count)
        slots.deallocate()
    }

    func opaque(for index: Int) -> UnsafeMutableRawPointer {
        UnsafeMutableRawPointer(slots + index)
    }

    /// Records one message's outcome. Called by librdkafka's delivery-report callback, or by the
    /// sender for messages librdkafka refused to enqueue.
    func complete(index: Int, partition: Int32, offset: Int64, error: rd_kafka_resp_err_t, detail: () -> String) {
        let (finished, waiting) = state.withLock { state in
            if error == RD_KAFKA_RESP_ERR_NO_ERROR {
                state.partitions[index] = partition
                state.offsets[index] = offset
            } else {
                state.failedCount += 1
                if state.firstFailure == nil || index < state.firstFailure!.index {
                    state.firstFailure = Failure(index: index, error: error, detail: detail())
                }
            }
            state.remaining -= 1
            guard state.remaining == 0 else { return (false, [CheckedContinuation<Void, Never>]()) }
            defer { state.waiting = [] }
            return (true, state.waiting)
        }
        guard finished else { return }
        for waiter in waiting { waiter.resume() }
        Unmanaged.passUnretained(self).release()
    }

    /// True once every message has an outcome.
    var isComplete: Bool { state.withLock { $0.remaining == 0 } }

    /// Suspends until every message has an outcome; any number of callers may wait.
    func wait() async {
        await withCheckedContinuation { continuation in
            let done = state.withLock { state in
                if state.remaining == 0 { return true }
                state.waiting.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
    }

    /// The reports in the order of `messages`, or the first failure and how many failed.
    func result(for messages: [OutgoingMessage]) throws(KafkaError) -> [DeliveryReport] {
        let state = state.withLock { $0 }
        if let failure = state.firstFailure {
            let message = messages[failure.index]
            var error = KafkaError(
                code: .delivery,
                rdkafka: failure.error,
                message: "\(state.failedCount) of \(count) messages were not delivered; first failure on topic "
                    + "\(message.topic) (message \(failure.index))",
                detail: failure.detail
            )
            error.message += "; the batch can be resent: delivered messages are not rolled back"
            error.failedMessageCount = state.failedCount
            throw error
        }
        var reports = [DeliveryReport]()
        reports.reserveCapacity(count)
        for index in 0..<count {
            reports.append(
                DeliveryReport(
                    topic: messages[index].topic,
                    partition: state.partitions[index],
                    offset: state.offsets[index]
                )
            )
        }
        return reports
    }
}

/// librdkafka's delivery-report callback: finds the message's batch through its opaque.
func deliveryReportCallback(
    _ handle: OpaquePointer?,
    _ message: UnsafePointer<rd_kafka_message_t>?,
    _ opaque: UnsafeMutableRawPointer?
) {
    guard let message, let slotPointer = message.pointee._private else { return }
    let slot = slotPointer.assumingMemoryBound(to: DeliveryBatch.Slot.self).pointee
    let batch = slot.batch.takeUnretainedValue()
    batch.complete(
        index: slot.index,
        partition: message.pointee.partition,
        offset: message.pointee.offset,
        error: message.pointee.err,
        detail: { String(cString: rd_kafka_message_errstr(message)) }
    )
}
