import CRdKafka
public import Logging
import Synchronization

/// A Kafka consumer, in a consumer group (``subscribe(topics:onAssign:onRevoke:)``) or on partitions
/// it chooses (``assign(_:)``).
///
/// The API is blocking: call it from a dedicated thread, never from Swift's cooperative pool.
/// Offsets are never committed automatically (`enable.auto.commit=false`,
/// `enable.auto.offset.store=false`): applications that keep their position in their own store
/// return it from the assignment handler; others call ``commit(_:)``.
public final class KafkaConsumer: Sendable {
    let client: RdKafkaClient
    private let state: ConsumerState
    private let groupID: String?
    private let closed = Atomic<Bool>(false)
    private let logger: Logger

    /// Creates a consumer.
    ///
    /// Defaults, which `configuration.properties` override: `enable.auto.commit=false`,
    /// `enable.auto.offset.store=false`, `auto.offset.reset=earliest`, `session.timeout.ms=6000`,
    /// `heartbeat.interval.ms=500` (joins take seconds instead of tens of seconds), `fetch.wait.max.ms=10`
    /// (records reach the application within milliseconds when they trickle in),
    /// `queued.max.messages.kbytes=16384` (at most 16 MiB fetched ahead), `fetch.queue.backoff.ms=20`
    /// (fetching resumes within 20 ms once the application has taken what was fetched ahead).
    ///
    /// - Parameters:
    ///   - groupID: The consumer group to join with ``subscribe(topics:onAssign:onRevoke:)``; `nil`
    ///     for a consumer that only uses ``assign(_:)``.
    ///   - logger: Receives librdkafka's log lines and rebalance events.
    /// - Throws: ``KafkaError/Code/libraryTooOld`` or ``KafkaError/Code/configuration``.
    public init(configuration: KafkaConfiguration, groupID: String? = nil, logger: Logger) throws(KafkaError) {
        // rd_kafka_assign needs a group.id even when no group is joined.
        let group = groupID ?? "suivi-unassigned-\(String(UInt64.random(in: .min ... .max), radix: 16))"
        let defaults = [
            "group.id": group,
            "enable.auto.commit": "false",
            "enable.auto.offset.store": "false",
            "auto.offset.reset": "earliest",
            "session.timeout.ms": "6000",
            "heartbeat.interval.ms": "500",
            // A fetch waits at most this long for data. Tansu 0.6 holds every fetch for the whole wait
            // and answers with what it read at its start, so a record waits 1 to 2 times this per hop
            // (librdkafka's 500 ms default: up to a second; 10 ms: 10-20 ms, twice on a command's way
            // to the read models). Apache Kafka answers as soon as a record arrives, whatever the wait.
            // Lower is a poll interval, not free: at 2 ms an idle consumer asks 500 times a second
            // (Tansu's idle CPU doubled), which on a saturated machine cost more latency than it saved
            // (docs/PERFORMANCE.md, "Latency (session 6)"); set it per deployment in SUIVI_KAFKA_PROPERTIES.
            "fetch.wait.max.ms": "10",
            // Records fetched ahead of the application: 16 MiB is several batches of a worker, where
            // librdkafka's 64 MiB default made a worker's memory grow with the backlog.
            "queued.max.messages.kbytes": "16384",
            // Once that queue is full, librdkafka stops fetching a partition for this long (default 1 s),
            // even after the application has emptied the queue: the projector, reading a backlog, found
            // its queue empty at every poll and waited 10 ms for a fetch each time (1.16 s of polls that
            // returned messages, against 0.16-0.18 s at 10 ms; 22.4k against 24.3-28.7k events/s with two
            // lanes; docs/PERFORMANCE.md, "Projector lanes"). Checking a full queue again sends nothing.
            "fetch.queue.backoff.ms": "20",
        ]
        let state = ConsumerState()
        client = try RdKafkaClient(
            kind: .consumer,
            configuration: configuration,
            defaults: defaults,
            context: ClientContext(logger: logger, consumerState: state)
        )
        self.state = state
        self.groupID = groupID
        self.logger = logger
    }

    deinit {
        close()
    }

    /// Joins the consumer group and subscribes to `topics`.
    ///
    /// The handlers run synchronously inside ``poll(maxMessages:timeout:)``, on the polling thread.
    ///
    /// - Parameters:
    ///   - onAssign: Called with newly assigned partitions; returns the offset to start each one at
    ///     (the next record to read). Partitions it leaves out start at the group's committed offset,
    ///     else at the earliest record. If it throws, the next `poll` throws ``KafkaError/Code/rebalance``
    ///     and the consumer reads nothing until the next rebalance.
    ///   - onRevoke: Called before partitions are taken away: finish or abandon their work here.
    /// - Throws: ``KafkaError/Code/configuration`` without a group id, ``KafkaError/Code/rebalance``
    ///   when librdkafka refuses the subscription, ``KafkaError/Code/closed``.
    public func subscribe(
        topics: [String],
        onAssign: @escaping @Sendable ([TopicPartition]) throws -> [TopicPartition: Int64] = { _ in [:] },
        onRevoke: @escaping @Sendable ([TopicPartition]) -> Void = { _ in }
    ) throws(KafkaError) {
        try ensureOpen()
        guard groupID != nil else {
            throw KafkaError(
                code: .configuration,
                message: "subscribe needs a consumer group: pass groupID to KafkaConsumer.init, or use assign"
            )
        }
        state.handlers.withLock { $0 = ConsumerState.Handlers(onAssign: onAssign, onRevoke: onRevoke) }
        let list = TopicPartitionList(capacity: topics.count)
        for topic in topics {
            list.add(topic: topic, partition: suivi_rd_kafka_partition_ua)
        }
        let error = list.withPointer { rd_kafka_subscribe(client.pointer, $0) }
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(code: .rebalance, rdkafka: error, message: "subscribing to \(topics) failed")
        }
    }

    /// Reads exactly these partitions from these offsets, outside any group (replaces the previous
    /// assignment). Use ``TopicPartitionOffset/beginning`` or ``TopicPartitionOffset/end`` for the ends.
    ///
    /// - Throws: ``KafkaError/Code/rebalance`` when librdkafka refuses, ``KafkaError/Code/closed``.
    public func assign(_ partitions: [TopicPartitionOffset]) throws(KafkaError) {
        try ensureOpen()
        learnLeaders(of: Set(partitions.map(\.topic)))
        let list = TopicPartitionList(partitions)
        let error = list.withPointer { rd_kafka_assign(client.pointer, $0) }
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(code: .rebalance, rdkafka: error, message: "assigning \(partitions) failed")
        }
    }

    /// Returns up to `maxMessages` records: waits up to `timeout` for the first, then takes only what
    /// has already arrived. Serves rebalances and librdkafka's logs on the way. Blocking.
    ///
    /// - Returns: Records in arrival order (in offset order within a partition); empty on timeout.
    /// - Throws: ``KafkaError/Code/consumer`` for a fetch error such as an unknown topic or a denied
    ///   authorisation, ``KafkaError/Code/rebalance`` when an assignment failed. Records taken before
    ///   an error are returned first and the error is thrown by the next call.
    public func poll(maxMessages: Int, timeout: Duration) throws(KafkaError) -> [KafkaMessage] {
        precondition(maxMessages > 0, "maxMessages must be positive")
        try ensureOpen()
        if let error = state.takePendingError() {
            throw error
        }
        var reader = MessageReader(logger: logger, state: state)
        if let first = rd_kafka_consumer_poll(client.pointer, timeout.clampedMilliseconds) {
            reader.take(first)
            rd_kafka_message_destroy(first)
            if maxMessages > 1, let queue = client.consumerQueue {
                // Timeout 0: consume_batch_queue would otherwise wait until the whole batch is full.
                let buffer = UnsafeMutablePointer<UnsafeMutablePointer<rd_kafka_message_t>?>
                    .allocate(capacity: maxMessages - 1)
                defer { buffer.deallocate() }
                let count = rd_kafka_consume_batch_queue(queue, 0, buffer, maxMessages - 1)
                reader.reserve(count)
                for index in 0..<Swift.max(count, 0) {
                    reader.take(buffer[index]!)
                    rd_kafka_message_destroy(buffer[index])
                }
            }
        }
        if reader.messages.isEmpty, let error = state.takePendingError() {
            throw error
        }
        return reader.messages
    }

    /// Commits offsets to the group coordinator and waits for the answer. Blocking.
    ///
    /// - Parameter offsets: For each partition, the next record to read (last processed + 1).
    /// - Throws: ``KafkaError/Code/commit``, ``KafkaError/Code/closed``.
    public func commit(_ offsets: [TopicPartitionOffset]) throws(KafkaError) {
        try ensureOpen()
        guard !offsets.isEmpty else { return }
        let list = TopicPartitionList(offsets)
        let error = list.withPointer { rd_kafka_commit(client.pointer, $0, 0) }
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(
                code: .commit,
                rdkafka: error,
                message: "committing \(offsets) for group \(groupID ?? "(none)") failed"
            )
        }
    }

    /// The partitions currently assigned to this consumer.
    ///
    /// - Throws: ``KafkaError/Code/consumer``, ``KafkaError/Code/closed``.
    public func assignment() throws(KafkaError) -> [TopicPartition] {
        try ensureOpen()
        var list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?
        let error = rd_kafka_assignment(client.pointer, &list)
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR, let list else {
            throw KafkaError(code: .consumer, rdkafka: error, message: "reading the assignment failed")
        }
        return TopicPartitionList(owning: list).topicPartitions
    }

    /// Leaves the group cleanly (the revocation handler runs on this thread) and stops fetching.
    /// Later calls do nothing; other methods then throw ``KafkaError/Code/closed``. Blocking.
    public func close() {
        guard !closed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        let error = rd_kafka_consumer_close(client.pointer)
        if error != RD_KAFKA_RESP_ERR_NO_ERROR {
            logger.warning(
                "closing the consumer failed",
                metadata: [KafkaLogKey.error: "\(String(cString: rd_kafka_err2name(error)))"]
            )
        }
    }

    /// Asks for the topics' metadata before assigning: librdkafka retries the first offset lookup of a
    /// partition with no known leader only after a fixed 500 ms, which would delay every manual start.
    /// Best effort: on failure `assign` goes ahead and librdkafka keeps retrying by itself.
    private func learnLeaders(of topics: Set<String>) {
        for topic in topics {
            guard let handle = rd_kafka_topic_new(client.pointer, topic, nil) else { continue }
            var metadata: UnsafePointer<rd_kafka_metadata>?
            _ = rd_kafka_metadata(client.pointer, 0, handle, &metadata, 2_000)
            if let metadata {
                rd_kafka_metadata_destroy(metadata)
            }
            rd_kafka_topic_destroy(handle)
        }
    }

    private func ensureOpen() throws(KafkaError) {
        if closed.load(ordering: .acquiring) {
            throw KafkaError(code: .closed, message: "the consumer was closed; create a new KafkaConsumer")
        }
    }
}

/// Turns librdkafka messages into ``KafkaMessage``s, remembering the last topic name to avoid
/// making the same string for every record.
private struct MessageReader {
    let logger: Logger
    let state: ConsumerState
    var messages: [KafkaMessage] = []
    private var lastTopicHandle: OpaquePointer?
    private var lastTopic = ""

    init(logger: Logger, state: ConsumerState) {
        self.logger = logger
        self.state = state
    }

    mutating func reserve(_ count: Int) {
        messages.reserveCapacity(messages.count + Swift.max(count, 0))
    }

    mutating func take(_ message: UnsafeMutablePointer<rd_kafka_message_t>) {
        let raw = message.pointee
        switch raw.err {
        case RD_KAFKA_RESP_ERR_NO_ERROR:
            messages.append(read(message))
        case RD_KAFKA_RESP_ERR__PARTITION_EOF:
            break
        case RD_KAFKA_RESP_ERR__TRANSPORT, RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN, RD_KAFKA_RESP_ERR__RESOLVE:
            // librdkafka reconnects by itself.
            logger.warning(
                "\(String(cString: rd_kafka_message_errstr(message)))",
                metadata: [KafkaLogKey.error: "\(String(cString: rd_kafka_err2name(raw.err)))"]
            )
        default:
            let place = raw.rkt.map { "topic \(String(cString: rd_kafka_topic_name($0))) partition \(raw.partition)" }
            state.record(
                KafkaError(
                    code: .consumer,
                    rdkafka: raw.err,
                    message: "consuming \(place ?? "from the brokers") failed",
                    detail: String(cString: rd_kafka_message_errstr(message))
                )
            )
        }
    }

    private mutating func read(_ message: UnsafeMutablePointer<rd_kafka_message_t>) -> KafkaMessage {
        let raw = message.pointee
        if raw.rkt != lastTopicHandle {
            lastTopicHandle = raw.rkt
            lastTopic = String(cString: rd_kafka_topic_name(raw.rkt))
        }
        var timestampType = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
        let timestamp = rd_kafka_message_timestamp(message, &timestampType)
        var headers: [KafkaHeader] = []
        var list: OpaquePointer?
        if rd_kafka_message_headers(message, &list) == RD_KAFKA_RESP_ERR_NO_ERROR, let list {
            var index = 0
            var name: UnsafePointer<CChar>?
            var value: UnsafeRawPointer?
            var size = 0
            while rd_kafka_header_get_all(list, index, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR {
                headers.append(
                    KafkaHeader(name: name.map { String(cString: $0) } ?? "", value: [UInt8](bytes: value, count: size))
                )
                index += 1
            }
        }
        return KafkaMessage(
            topic: lastTopic,
            partition: raw.partition,
            offset: raw.offset,
            key: raw.key.map { [UInt8](bytes: $0, count: raw.key_len) },
            value: [UInt8](bytes: raw.payload, count: raw.len),
            timestamp: timestampType == RD_KAFKA_TIMESTAMP_NOT_AVAILABLE ? nil : timestamp,
            headers: headers
        )
    }
}
