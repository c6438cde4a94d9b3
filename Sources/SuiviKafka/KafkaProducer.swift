import CRdKafka
public import Logging
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An idempotent Kafka producer (`enable.idempotence=true`, `acks=all`) that sends batches and
/// waits for their delivery reports.
///
/// Records with equal keys go to the same partition as with Java clients (`partitioner=murmur2_random`).
/// A dedicated thread serves librdkafka's callbacks, so `send` never blocks Swift's cooperative pool.
/// ``close()`` (also run by `deinit`) flushes what is in flight and stops that thread.
public final class KafkaProducer: Sendable {
    private struct State {
        var closed = false
        /// `send` calls that are still handing messages to librdkafka; `close` waits for them.
        var enqueuing = 0
    }

    let client: RdKafkaClient
    private let pollThread: PollThread
    private let state = Mutex(State())
    private let closeTimeout: Duration
    private let logger: Logger

    /// Creates a producer and starts its poll thread.
    ///
    /// - Parameters:
    ///   - configuration: Brokers and extra librdkafka properties (they override the defaults below).
    ///   - linger: How long librdkafka waits to fill a request (`linger.ms`). Default 5 ms. On the local
    ///     broker (Tansu 0.6) a produce request costs the broker far more CPU than its bytes do: at
    ///     2,000 cmd/s the broker was the stack's largest CPU user, and with 1 ms the whole latency run was
    ///     CPU-bound (p99 342-1,840 ms against 244-284 ms at 5 ms, interleaved runs of
    ///     `suivi-bench --latency-only`, docs/PERFORMANCE.md). `SUIVI_KAFKA_PROPERTIES` overrides it.
    ///   - closeTimeout: How long ``close()`` waits for messages in flight before giving up on them.
    ///   - logger: Receives librdkafka's log lines.
    /// - Throws: ``KafkaError/Code/libraryTooOld`` or ``KafkaError/Code/configuration``.
    public init(
        configuration: KafkaConfiguration,
        linger: Duration = .milliseconds(5),
        closeTimeout: Duration = .seconds(10),
        logger: Logger
    ) throws(KafkaError) {
        let defaults = [
            "enable.idempotence": "true",
            "acks": "all",
            "partitioner": "murmur2_random",
            "linger.ms": String(linger.milliseconds),
        ]
        client = try RdKafkaClient(
            kind: .producer,
            configuration: configuration,
            defaults: defaults,
            context: ClientContext(logger: logger),
            deliveryReports: true
        )
        pollThread = PollThread(client: client)
        self.closeTimeout = closeTimeout
        self.logger = logger
    }

    deinit {
        close()
    }

    /// Sends a batch and returns once the broker has acknowledged or refused every message.
    ///
    /// Messages are handed to librdkafka in order; when its local queue is full the call waits for
    /// room. One suspension serves the whole batch.
    ///
    /// - Returns: One report per message, in the order of `messages`.
    /// - Throws: ``KafkaError/Code/delivery`` with the first failure's librdkafka error and
    ///   ``KafkaError/failedMessageCount`` when any message was not delivered (others may have been);
    ///   ``KafkaError/Code/closed`` after ``close()``.
    public func send(_ messages: [OutgoingMessage]) async throws(KafkaError) -> [DeliveryReport] {
        try await enqueue(messages).reports()
    }

    /// Hands a batch to librdkafka and returns without waiting for the broker, so that the caller can
    /// go on while it acknowledges; ``PendingDelivery/reports()`` gives the outcome later.
    ///
    /// Messages are handed over in order, and before any message of a later `enqueue` or `send` call
    /// from the same task: with idempotence, a partition receives them in that order. When librdkafka's
    /// local queue is full the call waits for room.
    ///
    /// - Throws: ``KafkaError/Code/closed`` after ``close()``; delivery failures come with the reports.
    public func enqueue(_ messages: [OutgoingMessage]) async throws(KafkaError) -> PendingDelivery {
        guard !messages.isEmpty else { return PendingDelivery(batch: nil, messages: []) }
        try beginEnqueuing()
        let batch = DeliveryBatch(count: messages.count)
        await enqueue(messages, into: batch)
        state.withLock { $0.enqueuing -= 1 }
        return PendingDelivery(batch: batch, messages: messages)
    }

    /// Sends one message and returns where it was stored.
    ///
    /// - Throws: ``KafkaError/Code/delivery`` when the broker refused it; ``KafkaError/Code/closed``.
    public func send(_ message: OutgoingMessage) async throws(KafkaError) -> DeliveryReport {
        try await send([message])[0]
    }

    /// Blocks until every message handed to librdkafka has a delivery report.
    ///
    /// Blocking: call it from a thread of your own, not from a Swift task.
    /// - Throws: ``KafkaError/Code/timedOut`` if messages are still in flight after `timeout`.
    public func flush(timeout: Duration) throws(KafkaError) {
        let error = rd_kafka_flush(client.pointer, timeout.clampedMilliseconds)
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(
                code: .timedOut,
                rdkafka: error,
                message: "\(rd_kafka_outq_len(client.pointer)) messages still wait for delivery after \(timeout); "
                    + "check that the brokers are up (ops/stack status)"
            )
        }
    }

    /// Flushes what is in flight (up to `closeTimeout`), fails whatever remains, and stops the poll
    /// thread. Later calls do nothing; later sends throw ``KafkaError/Code/closed``.
    ///
    /// Blocking: prefer calling it from a thread of your own, not from a Swift task.
    public func close() {
        let alreadyClosed = state.withLock { state in
            defer { state.closed = true }
            return state.closed
        }
        guard !alreadyClosed else { return }
        // Sends that are mid-batch stop at their next wait for queue room; let them finish handing over.
        while state.withLock({ $0.enqueuing }) > 0 {
            usleep(1_000)
        }
        if rd_kafka_flush(client.pointer, closeTimeout.clampedMilliseconds) != RD_KAFKA_RESP_ERR_NO_ERROR {
            let left = rd_kafka_outq_len(client.pointer)
            logger.warning("closing the producer with \(left) messages undelivered; they are reported as failed")
            // Purged messages get failed delivery reports, which resume their senders.
            _ = rd_kafka_purge(client.pointer, suivi_rd_kafka_purge_f_queue | suivi_rd_kafka_purge_f_inflight)
            _ = rd_kafka_flush(client.pointer, 1_000)
        }
        pollThread.stop()
    }

    private func beginEnqueuing() throws(KafkaError) {
        let closed = state.withLock { state in
            if !state.closed { state.enqueuing += 1 }
            return state.closed
        }
        if closed {
            throw KafkaError(code: .closed, message: "the producer was closed; create a new KafkaProducer to send")
        }
    }

    private func enqueue(_ messages: [OutgoingMessage], into batch: DeliveryBatch) async {
        // Up to topic, partition, key, value, opaque, flags, headers.
        let arguments = UnsafeMutablePointer<rd_kafka_vu_t>.allocate(capacity: 7)
        defer { arguments.deallocate() }
        var index = 0
        while index < messages.count {
            guard let error = produce(messages[index], opaque: batch.opaque(for: index), arguments) else {
                index += 1
                continue
            }
            let code = rd_kafka_error_code(error)
            let detail = String(cString: rd_kafka_error_string(error))
            rd_kafka_error_destroy(error)
            if code == RD_KAFKA_RESP_ERR__QUEUE_FULL {
                if Task.isCancelled || state.withLock({ $0.closed }) {
                    let reason = Task.isCancelled ? "the sending task was cancelled" : "the producer was closed"
                    for rest in index..<messages.count {
                        batch.complete(index: rest, partition: -1, offset: -1, error: code) {
                            "\(reason) while librdkafka's local queue was full"
                        }
                    }
                    return
                }
                // The poll thread frees room as delivery reports arrive.
                try? await Task.sleep(for: .milliseconds(1))
                continue
            }
            batch.complete(index: index, partition: -1, offset: -1, error: code) { detail }
            index += 1
        }
    }

    /// Hands one message to librdkafka (which copies it); returns librdkafka's error, if any.
    private func produce(
        _ message: OutgoingMessage,
        opaque: UnsafeMutableRawPointer,
        _ arguments: UnsafeMutablePointer<rd_kafka_vu_t>
    ) -> OpaquePointer? {
        var headers: OpaquePointer?
        if !message.headers.isEmpty {
            let list = rd_kafka_headers_new(message.headers.count)
            for header in message.headers {
                var name = header.name
                name.withUTF8 { name in
                    header.value.withNonNullBytes { value, count in
                        _ = rd_kafka_header_add(list, name.baseAddress, name.count, value, count)
                    }
                }
            }
            headers = list
        }
        let error = message.topic.withCString { topic in
            message.value.withNonNullBytes { value, valueCount in
                withOptionalBytes(message.key) { key, keyCount in
                    var count = 0
                    func append(_ type: rd_kafka_vtype_t, _ fill: (inout rd_kafka_vu_t) -> Void) {
                        arguments[count] = rd_kafka_vu_t()
                        arguments[count].vtype = type
                        fill(&arguments[count])
                        count += 1
                    }
                    append(RD_KAFKA_VTYPE_TOPIC) { $0.u.cstr = topic }
                    if let partition = message.partition {
                        append(RD_KAFKA_VTYPE_PARTITION) { $0.u.i32 = partition }
                    }
                    if let key {
                        append(RD_KAFKA_VTYPE_KEY) {
                            $0.u.mem.ptr = UnsafeMutableRawPointer(mutating: key)
                            $0.u.mem.size = keyCount
                        }
                    }
                    append(RD_KAFKA_VTYPE_VALUE) {
                        $0.u.mem.ptr = UnsafeMutableRawPointer(mutating: value)
                        $0.u.mem.size = valueCount
                    }
                    append(RD_KAFKA_VTYPE_OPAQUE) { $0.u.ptr = opaque }
                    append(RD_KAFKA_VTYPE_MSGFLAGS) { $0.u.i = suivi_rd_kafka_msg_f_copy }
                    if let headers {
                        append(RD_KAFKA_VTYPE_HEADERS) { $0.u.headers = headers }
                    }
                    return rd_kafka_produceva(client.pointer, arguments, count)
                }
            }
        }
        // On success librdkafka owns the headers; on failure they are still ours.
        if error != nil, let headers {
            rd_kafka_headers_destroy(headers)
        }
        return error
    }
}
