import CRdKafka

extension KafkaAdmin {
    /// Describes topics: partitions and replication factor from the metadata, and the topic-level
    /// configuration from a DescribeConfigs request. A topic that does not exist is left out.
    ///
    /// - Throws: ``KafkaError/Code/metadata`` (the broker refused the request),
    ///   ``KafkaError/Code/brokerUnreachable``, ``KafkaError/Code/timedOut``.
    public func describeTopics(_ names: [String], timeout: Duration = .seconds(10)) throws(KafkaError) -> [TopicDescription] {
        var found: [TopicDescription] = []
        for name in names {
            guard let layout = try layout(topic: name, timeout: timeout) else { continue }
            found.append(TopicDescription(
                name: name, partitions: layout.partitions, replicationFactor: layout.replicas, configs: [:],
                configsDescribed: false))
        }
        guard !found.isEmpty else { return found }
        let configs = try describeConfigs(found.map(\.name), timeout: timeout)
        for index in found.indices {
            if let entries = configs[found[index].name] {
                found[index].configs = entries
                found[index].configsDescribed = true
            }
        }
        return found
    }

    /// Partitions and replicas of the first partition, or nil when the topic does not exist.
    private func layout(topic: String, timeout: Duration) throws(KafkaError) -> (partitions: Int, replicas: Int)? {
        defer { rd_kafka_poll(client.pointer, 0) }
        guard let handle = rd_kafka_topic_new(client.pointer, topic, nil) else {
            throw KafkaError(code: .metadata, rdkafka: rd_kafka_last_error(), message: "topic name \(topic) was refused")
        }
        defer { rd_kafka_topic_destroy(handle) }
        var metadata: UnsafePointer<rd_kafka_metadata>?
        let error = rd_kafka_metadata(client.pointer, 0, handle, &metadata, timeout.clampedMilliseconds)
        defer { if let metadata { rd_kafka_metadata_destroy(metadata) } }
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR, let metadata else {
            throw KafkaError(code: .metadata, rdkafka: error, message: "reading metadata of topic \(topic) failed")
        }
        let topics = UnsafeBufferPointer(start: metadata.pointee.topics, count: Int(metadata.pointee.topic_cnt))
        guard let entry = topics.first(where: { String(cString: $0.topic) == topic }) else { return nil }
        switch entry.err {
        case RD_KAFKA_RESP_ERR_NO_ERROR:
            let replicas = entry.partition_cnt > 0 ? Int(entry.partitions[0].replica_cnt) : 0
            return (Int(entry.partition_cnt), replicas)
        case RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART, RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC:
            return nil
        default:
            throw KafkaError(code: .metadata, rdkafka: entry.err, message: "reading metadata of topic \(topic) failed")
        }
    }

    /// The configuration entries of each topic the broker described; a topic whose description failed
    /// is missing from the result, and so is every topic when the broker does not support the request.
    private func describeConfigs(_ names: [String], timeout: Duration) throws(KafkaError) -> [String: [String: String]] {
        defer { rd_kafka_poll(client.pointer, 0) }
        var resources: [OpaquePointer?] = names.map { rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, $0) }
        defer { rd_kafka_ConfigResource_destroy_array(&resources, resources.count) }
        let options = rd_kafka_AdminOptions_new(client.pointer, RD_KAFKA_ADMIN_OP_DESCRIBECONFIGS)!
        defer { rd_kafka_AdminOptions_destroy(options) }
        var errstr = [CChar](repeating: 0, count: 512)
        _ = rd_kafka_AdminOptions_set_request_timeout(options, timeout.clampedMilliseconds, &errstr, errstr.count)
        let queue = rd_kafka_queue_new(client.pointer)!
        defer { rd_kafka_queue_destroy(queue) }
        rd_kafka_DescribeConfigs(client.pointer, &resources, resources.count, options, queue)
        guard let event = rd_kafka_queue_poll(queue, (timeout + .seconds(5)).clampedMilliseconds) else {
            throw KafkaError(code: .timedOut, message: "no answer to DescribeConfigs within \(timeout)")
        }
        defer { rd_kafka_event_destroy(event) }
        let requestError = rd_kafka_event_error(event)
        switch requestError {
        case RD_KAFKA_RESP_ERR_NO_ERROR:
            break
        case RD_KAFKA_RESP_ERR__UNSUPPORTED_FEATURE, RD_KAFKA_RESP_ERR_UNSUPPORTED_VERSION, RD_KAFKA_RESP_ERR_INVALID_REQUEST:
            return [:]
        default:
            throw KafkaError(
                code: .metadata, rdkafka: requestError, message: "describing the configuration of \(names.joined(separator: ", ")) failed",
                detail: rd_kafka_event_error_string(event).map { String(cString: $0) })
        }
        var count = 0
        guard let result = rd_kafka_event_DescribeConfigs_result(event),
            let described = rd_kafka_DescribeConfigs_result_resources(result, &count)
        else { return [:] }
        var out: [String: [String: String]] = [:]
        for index in 0..<count {
            guard let resource = described[index], rd_kafka_ConfigResource_error(resource) == RD_KAFKA_RESP_ERR_NO_ERROR else {
                continue
            }
            let name = String(cString: rd_kafka_ConfigResource_name(resource))
            var entryCount = 0
            var entries: [String: String] = [:]
            if let list = rd_kafka_ConfigResource_configs(resource, &entryCount) {
                for entryIndex in 0..<entryCount {
                    guard let entry = list[entryIndex], let value = rd_kafka_ConfigEntry_value(entry) else { continue }
                    entries[String(cString: rd_kafka_ConfigEntry_name(entry))] = String(cString: value)
                }
            }
            out[name] = entries
        }
        return out
    }
}
