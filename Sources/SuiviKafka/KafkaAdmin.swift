import CRdKafka
public import Logging

/// Creates and deletes topics and reads cluster metadata. Every call is blocking and bounded by
/// its timeout: call it from a thread of your own, or accept the short block in tools and tests.
public final class KafkaAdmin: Sendable {
    let client: RdKafkaClient
    private let brokers: String

    /// - Parameters:
    ///   - configuration: Brokers and extra librdkafka properties.
    ///   - logger: Receives librdkafka's log lines.
    /// - Throws: ``KafkaError/Code/libraryTooOld`` or ``KafkaError/Code/configuration``.
    public init(configuration: KafkaConfiguration, logger: Logger) throws(KafkaError) {
        client = try RdKafkaClient(
            kind: .producer,
            configuration: configuration,
            // Metadata requests for a missing topic must not create it.
            defaults: ["allow.auto.create.topics": "false"],
            context: ClientContext(logger: logger)
        )
        brokers = configuration.brokers
    }

    /// Fails unless a broker answers a metadata request within `timeout`.
    ///
    /// librdkafka itself retries unreachable brokers forever; this gives an answer a person can act on.
    /// - Throws: ``KafkaError/Code/brokerUnreachable``, or ``KafkaError/Code/metadata`` for other refusals.
    public func checkConnection(timeout: Duration = .seconds(5)) throws(KafkaError) {
        defer { serveEvents() }
        var metadata: UnsafePointer<rd_kafka_metadata>?
        let error = rd_kafka_metadata(client.pointer, 0, nil, &metadata, timeout.clampedMilliseconds)
        if let metadata {
            rd_kafka_metadata_destroy(metadata)
        }
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw failure(error, timeout: timeout, otherwise: .metadata, "asking \(brokers) for metadata failed")
        }
    }

    /// Creates topics; topics that already exist are left as they are.
    ///
    /// - Throws: ``KafkaError/Code/topicCreation`` naming the first topic that failed,
    ///   ``KafkaError/Code/brokerUnreachable``.
    public func createTopics(_ topics: [TopicSpec], timeout: Duration = .seconds(30)) throws(KafkaError) {
        guard !topics.isEmpty else { return }
        var newTopics = [OpaquePointer?]()
        defer { rd_kafka_NewTopic_destroy_array(&newTopics, newTopics.count) }
        for spec in topics {
            var errstr = [CChar](repeating: 0, count: 512)
            guard
                let newTopic = rd_kafka_NewTopic_new(
                    spec.name, spec.partitions, spec.replicationFactor, &errstr, errstr.count)
            else {
                throw KafkaError(
                    code: .topicCreation,
                    message: "topic \(spec.name) is invalid: \(String(errorBuffer: errstr)); fix its TopicSpec"
                )
            }
            newTopics.append(newTopic)
            for key in spec.config.keys.sorted() {
                let error = rd_kafka_NewTopic_set_config(newTopic, key, spec.config[key]!)
                guard error == RD_KAFKA_RESP_ERR_NO_ERROR else {
                    throw KafkaError(code: .topicCreation, rdkafka: error, message: "topic \(spec.name): config \(key)")
                }
            }
        }
        try runAdmin(RD_KAFKA_ADMIN_OP_CREATETOPICS, timeout: timeout, failure: .topicCreation) { options, queue in
            rd_kafka_CreateTopics(client.pointer, &newTopics, newTopics.count, options, queue)
        } results: { event in
            var count = 0
            let results = rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(event), &count)
            return (0..<count).map { results![$0]! }
        } accept: { $0 == RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS }
    }

    /// Deletes topics; topics that do not exist are ignored.
    ///
    /// - Throws: ``KafkaError/Code/topicDeletion`` naming the first topic that failed,
    ///   ``KafkaError/Code/brokerUnreachable``.
    public func deleteTopics(_ names: [String], timeout: Duration = .seconds(30)) throws(KafkaError) {
        guard !names.isEmpty else { return }
        var deletions: [OpaquePointer?] = names.map { rd_kafka_DeleteTopic_new($0) }
        defer { rd_kafka_DeleteTopic_destroy_array(&deletions, deletions.count) }
        try runAdmin(RD_KAFKA_ADMIN_OP_DELETETOPICS, timeout: timeout, failure: .topicDeletion) { options, queue in
            rd_kafka_DeleteTopics(client.pointer, &deletions, deletions.count, options, queue)
        } results: { event in
            var count = 0
            let results = rd_kafka_DeleteTopics_result_topics(rd_kafka_event_DeleteTopics_result(event), &count)
            return (0..<count).map { results![$0]! }
        } accept: { $0 == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART }
    }

    /// The number of partitions of `topic`, or `nil` if the topic does not exist.
    ///
    /// - Throws: ``KafkaError/Code/metadata``, ``KafkaError/Code/brokerUnreachable``.
    public func partitionCount(topic: String, timeout: Duration = .seconds(10)) throws(KafkaError) -> Int? {
        defer { serveEvents() }
        guard let handle = rd_kafka_topic_new(client.pointer, topic, nil) else {
            throw KafkaError(
                code: .metadata,
                rdkafka: rd_kafka_last_error(),
                message: "topic name \(topic) was refused"
            )
        }
        defer { rd_kafka_topic_destroy(handle) }
        var metadata: UnsafePointer<rd_kafka_metadata>?
        let error = rd_kafka_metadata(client.pointer, 0, handle, &metadata, timeout.clampedMilliseconds)
        defer {
            if let metadata { rd_kafka_metadata_destroy(metadata) }
        }
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR, let metadata else {
            throw failure(error, timeout: timeout, otherwise: .metadata, "reading metadata of topic \(topic) failed")
        }
        let topics = UnsafeBufferPointer(start: metadata.pointee.topics, count: Int(metadata.pointee.topic_cnt))
        guard let entry = topics.first(where: { String(cString: $0.topic) == topic }) else { return nil }
        switch entry.err {
        case RD_KAFKA_RESP_ERR_NO_ERROR:
            return Int(entry.partition_cnt)
        case RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART, RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC:
            return nil
        default:
            throw KafkaError(code: .metadata, rdkafka: entry.err, message: "reading metadata of topic \(topic) failed")
        }
    }

    /// The low and high watermarks of a partition: its oldest offset, and the offset the next record will get.
    ///
    /// - Throws: ``KafkaError/Code/metadata``, ``KafkaError/Code/brokerUnreachable``.
    public func watermarks(
        topic: String,
        partition: Int32,
        timeout: Duration = .seconds(10)
    ) throws(KafkaError) -> (low: Int64, high: Int64) {
        defer { serveEvents() }
        var low: Int64 = -1
        var high: Int64 = -1
        let error = rd_kafka_query_watermark_offsets(
            client.pointer, topic, partition, &low, &high, timeout.clampedMilliseconds)
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw failure(
                error, timeout: timeout, otherwise: .metadata, "reading the watermarks of \(topic)[\(partition)] failed")
        }
        return (low, high)
    }

    /// Runs one admin request on a private queue and checks every per-topic result.
    private func runAdmin(
        _ operation: rd_kafka_admin_op_t,
        timeout: Duration,
        failure code: KafkaError.Code,
        start: (OpaquePointer, OpaquePointer) -> Void,
        results: (OpaquePointer) -> [OpaquePointer],
        accept: (rd_kafka_resp_err_t) -> Bool
    ) throws(KafkaError) {
        defer { serveEvents() }
        let options = rd_kafka_AdminOptions_new(client.pointer, operation)!
        defer { rd_kafka_AdminOptions_destroy(options) }
        var errstr = [CChar](repeating: 0, count: 512)
        _ = rd_kafka_AdminOptions_set_request_timeout(options, timeout.clampedMilliseconds, &errstr, errstr.count)
        _ = rd_kafka_AdminOptions_set_operation_timeout(options, timeout.clampedMilliseconds, &errstr, errstr.count)
        let queue = rd_kafka_queue_new(client.pointer)!
        defer { rd_kafka_queue_destroy(queue) }
        start(options, queue)
        // librdkafka always answers once the request timeout has passed; the margin covers its bookkeeping.
        guard let event = rd_kafka_queue_poll(queue, (timeout + .seconds(5)).clampedMilliseconds) else {
            throw KafkaError(code: .timedOut, message: "no answer from \(brokers) within \(timeout)")
        }
        defer { rd_kafka_event_destroy(event) }
        let requestError = rd_kafka_event_error(event)
        guard requestError == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw failure(requestError, timeout: timeout, otherwise: code, "the admin request to \(brokers) failed")
        }
        for result in results(event) {
            let error = rd_kafka_topic_result_error(result)
            guard error == RD_KAFKA_RESP_ERR_NO_ERROR || accept(error) else {
                let name = String(cString: rd_kafka_topic_result_name(result))
                throw KafkaError(
                    code: code,
                    rdkafka: error,
                    message: "topic \(name)",
                    detail: rd_kafka_topic_result_error_string(result).map { String(cString: $0) }
                )
            }
        }
    }

    private func failure(
        _ error: rd_kafka_resp_err_t,
        timeout: Duration,
        otherwise code: KafkaError.Code,
        _ what: String
    ) -> KafkaError {
        switch error {
        case RD_KAFKA_RESP_ERR__TRANSPORT, RD_KAFKA_RESP_ERR__TIMED_OUT, RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN,
            RD_KAFKA_RESP_ERR__RESOLVE:
            var unreachable = KafkaError(
                code: .brokerUnreachable,
                rdkafka: error,
                message: "no Kafka broker answered at \(brokers) within \(timeout)"
            )
            unreachable.message += "; start the local stack with ops/stack start, or check SUIVI_KAFKA_BROKERS"
            return unreachable
        default:
            return KafkaError(code: code, rdkafka: error, message: what)
        }
    }

    /// Serves queued log and error events: nothing else polls an admin client's main queue.
    private func serveEvents() {
        rd_kafka_poll(client.pointer, 0)
    }
}
