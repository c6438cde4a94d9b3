/// Messages that ``KafkaProducer/enqueue(_:)`` handed to librdkafka, whose delivery reports may still be
/// coming: the caller goes on with other work and collects the outcome later.
public struct PendingDelivery: Sendable {
    private let batch: DeliveryBatch?
    private let messages: [OutgoingMessage]

    init(batch: DeliveryBatch?, messages: [OutgoingMessage]) {
        self.batch = batch
        self.messages = messages
    }

    /// True once the broker has acknowledged or refused every message.
    public var isComplete: Bool { batch?.isComplete ?? true }

    /// The outcome when complete (as ``reports()`` would give it), nil while reports are still awaited.
    public var outcome: Result<[DeliveryReport], KafkaError>? {
        guard isComplete else { return nil }
        guard let batch else { return .success([]) }
        do {
            return .success(try batch.result(for: messages))
        } catch {
            return .failure(error)
        }
    }

    /// Suspends until every message has a delivery report.
    public func wait() async {
        await batch?.wait()
    }

    /// Waits for every report.
    ///
    /// - Returns: One report per message, in the order they were enqueued.
    /// - Throws: ``KafkaError/Code/delivery`` as a batch `send` does.
    public func reports() async throws(KafkaError) -> [DeliveryReport] {
        guard let batch else { return [] }
        await batch.wait()
        return try batch.result(for: messages)
    }
}
