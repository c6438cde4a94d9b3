import CRdKafka
import Logging
import Synchronization

/// The application's rebalance handlers and any error raised while serving callbacks, shared
/// between ``KafkaConsumer`` and librdkafka's rebalance callback (which runs inside `poll`, on the
/// polling thread).
final class ConsumerState: Sendable {
    struct Handlers: Sendable {
        var onAssign: @Sendable ([TopicPartition]) throws -> [TopicPartition: Int64]
        var onRevoke: @Sendable ([TopicPartition]) -> Void
    }

    let handlers = Mutex<Handlers?>(nil)
    /// An error to throw from the next `poll`, kept so that messages already taken are not lost.
    private let pendingError = Mutex<KafkaError?>(nil)

    func record(_ error: KafkaError) {
        pendingError.withLock { pending in
            if pending == nil { pending = error }
        }
    }

    func takePendingError() -> KafkaError? {
        pendingError.withLock { pending in
            defer { pending = nil }
            return pending
        }
    }

    func rebalance(
        handle: OpaquePointer,
        event: rd_kafka_resp_err_t,
        partitions: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>,
        logger: Logger
    ) {
        let cooperative = String(cString: rd_kafka_rebalance_protocol(handle)) == "COOPERATIVE"
        let topicPartitions = TopicPartitionList.topicPartitions(in: partitions)
        let handlers = self.handlers.withLock { $0 }
        switch event {
        case RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS:
            logger.info("partitions assigned: \(topicPartitions)")
            let starts: [TopicPartition: Int64]
            do {
                starts = try handlers?.onAssign(topicPartitions) ?? [:]
            } catch {
                record(
                    KafkaError(
                        code: .rebalance,
                        message: "the assignment handler failed for \(topicPartitions): \(error); "
                            + "this consumer reads nothing until the next rebalance: close it and start again"
                    )
                )
                if !cooperative {
                    apply(rd_kafka_assign(handle, nil), what: "clearing the assignment")
                }
                return
            }
            // Partitions absent from `starts` keep OFFSET_INVALID: committed offset, else auto.offset.reset.
            for index in 0..<Int(partitions.pointee.cnt) {
                if let offset = starts[topicPartitions[index]] {
                    partitions.pointee.elems[index].offset = offset
                }
            }
            if cooperative {
                apply(rd_kafka_incremental_assign(handle, partitions), what: "assigning \(topicPartitions)")
            } else {
                apply(rd_kafka_assign(handle, partitions), what: "assigning \(topicPartitions)")
            }
        case RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS:
            logger.info("partitions revoked: \(topicPartitions)")
            handlers?.onRevoke(topicPartitions)
            if cooperative {
                apply(rd_kafka_incremental_unassign(handle, partitions), what: "revoking \(topicPartitions)")
            } else {
                apply(rd_kafka_assign(handle, nil), what: "revoking \(topicPartitions)")
            }
        default:
            record(KafkaError(code: .rebalance, rdkafka: event, message: "the consumer group rebalance failed"))
            if !cooperative {
                apply(rd_kafka_assign(handle, nil), what: "clearing the assignment")
            }
        }
    }

    private func apply(_ error: rd_kafka_resp_err_t, what: String) {
        guard error != RD_KAFKA_RESP_ERR_NO_ERROR else { return }
        record(KafkaError(code: .rebalance, rdkafka: error, message: "\(what) failed"))
    }

    private func apply(_ error: OpaquePointer?, what: String) {
        guard let error else { return }
        record(KafkaError(code: .rebalance, consuming: error, message: "\(what) failed"))
    }
}

/// librdkafka's rebalance callback: hands the event to the consumer's state.
func rebalanceCallback(
    _ handle: OpaquePointer?,
    _ event: rd_kafka_resp_err_t,
    _ partitions: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?,
    _ opaque: UnsafeMutableRawPointer?
) {
    guard let handle, let partitions, let opaque else { return }
    let context = ClientContext.from(opaque)
    context.consumerState?.rebalance(handle: handle, event: event, partitions: partitions, logger: context.logger)
}
