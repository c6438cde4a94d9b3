import CRdKafka

/// A failure reported by Kafka or by librdkafka, with a message a person can act on.
public struct KafkaError: Error, Sendable, CustomStringConvertible {
    /// A stable category that code can switch on; its raw value is safe to log and to match in scripts.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// No broker answered within the timeout.
        public static let brokerUnreachable = Code(rawValue: "brokerUnreachable")
        /// A property was unknown or had an invalid value, or the client could not be created.
        public static let configuration = Code(rawValue: "configuration")
        /// One or more messages of a batch were not delivered.
        public static let delivery = Code(rawValue: "delivery")
        /// The local producer queue stayed full.
        public static let queueFull = Code(rawValue: "queueFull")
        /// Creating a topic failed.
        public static let topicCreation = Code(rawValue: "topicCreation")
        /// Deleting a topic failed.
        public static let topicDeletion = Code(rawValue: "topicDeletion")
        /// A metadata or watermark request failed.
        public static let metadata = Code(rawValue: "metadata")
        /// The loaded librdkafka is older than Suivi supports.
        public static let libraryTooOld = Code(rawValue: "libraryTooOld")
        /// The consumer reported an error while fetching.
        public static let consumer = Code(rawValue: "consumer")
        /// Subscribing, assigning or the application's rebalance handler failed.
        public static let rebalance = Code(rawValue: "rebalance")
        /// Committing offsets failed.
        public static let commit = Code(rawValue: "commit")
        /// The client was used after `close()`.
        public static let closed = Code(rawValue: "closed")
        /// An operation did not finish within its timeout.
        public static let timedOut = Code(rawValue: "timedOut")
    }

    /// The stable category of the failure.
    public var code: Code
    /// One line saying what is wrong and what to do about it.
    public var message: String
    /// The librdkafka error code (`rd_kafka_resp_err_t`), when librdkafka reported one.
    public var rdkafkaCode: Int32?
    /// The librdkafka error name, e.g. `"TOPIC_AUTHORIZATION_FAILED"` or `"_QUEUE_FULL"`.
    public var rdkafkaName: String?
    /// For ``Code/delivery``: how many messages of the batch were not delivered.
    public var failedMessageCount: Int?

    public init(
        code: Code,
        message: String,
        rdkafkaCode: Int32? = nil,
        rdkafkaName: String? = nil,
        failedMessageCount: Int? = nil
    ) {
        self.code = code
        self.message = message
        self.rdkafkaCode = rdkafkaCode
        self.rdkafkaName = rdkafkaName
        self.failedMessageCount = failedMessageCount
    }

    public var description: String {
        if let rdkafkaName {
            return "KafkaError.\(code) (\(rdkafkaName)): \(message)"
        }
        return "KafkaError.\(code): \(message)"
    }
}

extension KafkaError {
    /// An error carrying librdkafka's code and name; `detail` defaults to librdkafka's own text for it.
    init(code: Code, rdkafka error: rd_kafka_resp_err_t, message: String, detail: String? = nil) {
        let detail = detail ?? String(cString: rd_kafka_err2str(error))
        self.init(
            code: code,
            message: "\(message): \(detail)",
            rdkafkaCode: error.rawValue,
            rdkafkaName: String(cString: rd_kafka_err2name(error))
        )
    }

    /// Takes ownership of an `rd_kafka_error_t` and destroys it.
    init(code: Code, consuming error: OpaquePointer, message: String) {
        defer { rd_kafka_error_destroy(error) }
        self.init(
            code: code,
            rdkafka: rd_kafka_error_code(error),
            message: message,
            detail: String(cString: rd_kafka_error_string(error))
        )
    }
}
