import CRdKafka

/// Test hook: librdkafka's built-in mock cluster, hosted by a client created with the property
/// `test.mock.num.brokers`. It injects broker faults that a real broker cannot be asked for.
struct KafkaMockCluster {
    /// Kafka protocol request types whose answers can be replaced by errors.
    enum Request: Int16 {
        case produce = 0
    }

    /// Keeps the hosting client, and with it the cluster, alive.
    private let client: RdKafkaClient
    private let pointer: OpaquePointer

    init?(hostedBy client: RdKafkaClient) {
        guard let pointer = rd_kafka_handle_mock_cluster(client.pointer) else { return nil }
        self.client = client
        self.pointer = pointer
    }

    /// The mock brokers' `host:port` list, for other clients to connect to.
    var bootstrapServers: String {
        String(cString: rd_kafka_mock_cluster_bootstraps(pointer))
    }

    func createTopic(_ name: String, partitions: Int32) throws(KafkaError) {
        let error = rd_kafka_mock_topic_create(pointer, name, partitions, 1)
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(code: .topicCreation, rdkafka: error, message: "mock topic \(name)")
        }
    }

    /// Takes a mock broker down (its connections close and it refuses new ones) or brings it back.
    func setBroker(_ id: Int32, up: Bool) {
        if up { rd_kafka_mock_broker_set_up(pointer, id) } else { rd_kafka_mock_broker_set_down(pointer, id) }
    }

    /// Moves a partition's leadership to another mock broker.
    func setLeader(topic: String, partition: Int32, broker: Int32) throws(KafkaError) {
        let error = rd_kafka_mock_partition_set_leader(pointer, topic, partition, broker)
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(code: .metadata, rdkafka: error, message: "mock leader of \(topic)[\(partition)]")
        }
    }

    /// Makes the next requests of this type fail with these librdkafka error names, in order
    /// (e.g. `"TOPIC_AUTHORIZATION_FAILED"`).
    func failNext(_ request: Request, with errorNames: [String]) {
        let codes = errorNames.map { name in
            Self.code(named: name) ?? { preconditionFailure("unknown librdkafka error name \(name)") }()
        }
        rd_kafka_mock_push_request_errors_array(pointer, request.rawValue, codes.count, codes)
    }

    private static func code(named name: String) -> rd_kafka_resp_err_t? {
        var count = 0
        var descriptions: UnsafePointer<rd_kafka_err_desc>?
        rd_kafka_get_err_descs(&descriptions, &count)
        guard let descriptions else { return nil }
        for index in 0..<count where descriptions[index].name.map({ String(cString: $0) }) == name {
            return descriptions[index].code
        }
        return nil
    }
}

extension KafkaProducer {
    /// The mock cluster this producer hosts, when created with `test.mock.num.brokers`.
    var mockCluster: KafkaMockCluster? {
        KafkaMockCluster(hostedBy: client)
    }
}
