import CRdKafka
import Logging

/// Owns one `rd_kafka_t` (and, for consumers, its consumer queue) and destroys it in `deinit`.
///
/// `@unchecked Sendable`: librdkafka handles are thread-safe and the pointers never change after `init`.
final class RdKafkaClient: @unchecked Sendable {
    enum Kind {
        case producer
        case consumer
    }

    let pointer: OpaquePointer
    /// The consumer queue (`rd_kafka_queue_get_consumer`), for consumers in or out of a group.
    let consumerQueue: OpaquePointer?
    let context: ClientContext
    private let retainedContext: Unmanaged<ClientContext>

    /// Creates the handle.
    ///
    /// - Parameters:
    ///   - defaults: Suivi's defaults for this kind of client; `configuration.properties` override them.
    ///   - deliveryReports: Install the delivery-report callback (producers).
    /// - Throws: ``KafkaError/Code/libraryTooOld`` or ``KafkaError/Code/configuration``.
    init(
        kind: Kind,
        configuration: KafkaConfiguration,
        defaults: [String: String],
        context: ClientContext,
        deliveryReports: Bool = false
    ) throws(KafkaError) {
        try Kafka.requireSupportedLibrary()
        guard let conf = rd_kafka_conf_new() else {
            throw KafkaError(code: .configuration, message: "librdkafka could not allocate a configuration")
        }
        var properties = defaults
        properties["bootstrap.servers"] = configuration.brokers
        properties["client.id"] = configuration.clientID
        properties.merge(configuration.properties) { _, user in user }
        do {
            for key in properties.keys.sorted() {
                try Self.set(key, properties[key]!, on: conf)
            }
        } catch {
            rd_kafka_conf_destroy(conf)
            throw error
        }

        rd_kafka_conf_set_log_cb(conf, logCallback)
        rd_kafka_conf_set_error_cb(conf, errorCallback)
        if deliveryReports {
            rd_kafka_conf_set_dr_msg_cb(conf, deliveryReportCallback)
        }
        if context.consumerState != nil {
            rd_kafka_conf_set_rebalance_cb(conf, rebalanceCallback)
        }
        let retained = Unmanaged.passRetained(context)
        rd_kafka_conf_set_opaque(conf, retained.toOpaque())

        var errstr = [CChar](repeating: 0, count: 512)
        let type = kind == .producer ? RD_KAFKA_PRODUCER : RD_KAFKA_CONSUMER
        guard let handle = rd_kafka_new(type, conf, &errstr, errstr.count) else {
            // On failure the configuration still belongs to us.
            rd_kafka_conf_destroy(conf)
            retained.release()
            throw KafkaError(
                code: .configuration,
                message: "librdkafka could not create the client: \(String(errorBuffer: errstr)); "
                    + "check KafkaConfiguration (\(configuration))"
            )
        }
        self.pointer = handle
        self.context = context
        self.retainedContext = retained
        if kind == .consumer {
            // Serve logs, errors and rebalances from the same queue that the consumer polls.
            rd_kafka_poll_set_consumer(handle)
            self.consumerQueue = rd_kafka_queue_get_consumer(handle)
        } else {
            self.consumerQueue = nil
        }
    }

    deinit {
        if let consumerQueue {
            rd_kafka_queue_destroy(consumerQueue)
        }
        rd_kafka_destroy(pointer)
        // Only now: rd_kafka_destroy can still call back into the context.
        retainedContext.release()
    }

    private static func set(_ key: String, _ value: String, on conf: OpaquePointer) throws(KafkaError) {
        var errstr = [CChar](repeating: 0, count: 512)
        let result = rd_kafka_conf_set(conf, key, value, &errstr, errstr.count)
        guard result != RD_KAFKA_CONF_OK else { return }
        // librdkafka's text may quote the value: keep it out when the value is secret.
        let detail = KafkaConfiguration.isSecret(key) ? "invalid value (not shown)" : String(errorBuffer: errstr)
        let hint = result == RD_KAFKA_CONF_UNKNOWN
            ? "remove it or check its spelling against librdkafka's CONFIGURATION.md"
            : "fix its value in KafkaConfiguration.properties"
        throw KafkaError(
            code: .configuration,
            message: "librdkafka rejected property \(key): \(detail); \(hint)"
        )
    }
}

/// Routes librdkafka's log lines to the client's `Logger`. Runs on librdkafka's threads.
private func logCallback(
    _ handle: OpaquePointer?,
    _ level: Int32,
    _ facility: UnsafePointer<CChar>?,
    _ line: UnsafePointer<CChar>?
) {
    guard let handle, let opaque = rd_kafka_opaque(handle) else { return }
    let context = ClientContext.from(opaque)
    let logLevel: Logger.Level =
        switch level {
        case ...2: .critical
        case 3: .error
        case 4: .warning
        case 5: .notice
        case 6: .info
        default: .debug
        }
    guard context.logger.logLevel <= logLevel else { return }
    context.logger.log(
        level: logLevel,
        "\(line.map { String(cString: $0) } ?? "")",
        metadata: [
            KafkaLogKey.facility: "\(facility.map { String(cString: $0) } ?? "")",
            KafkaLogKey.client: "\(String(cString: rd_kafka_name(handle)))",
        ]
    )
}

/// Client-level errors (broker down, authentication, fatal idempotence errors): logged, since the
/// operations they affect report their own failures.
private func errorCallback(
    _ handle: OpaquePointer?,
    _ code: Int32,
    _ reason: UnsafePointer<CChar>?,
    _ opaque: UnsafeMutableRawPointer?
) {
    guard let opaque else { return }
    let context = ClientContext.from(opaque)
    let error = rd_kafka_resp_err_t(rawValue: code)
    let transient = error == RD_KAFKA_RESP_ERR__TRANSPORT || error == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN
        || error == RD_KAFKA_RESP_ERR__RESOLVE
    context.logger.log(
        level: transient ? .warning : .error,
        "\(reason.map { String(cString: $0) } ?? "")",
        metadata: [KafkaLogKey.error: "\(String(cString: rd_kafka_err2name(error)))"]
    )
}
