import Foundation
import SuiviKafka

/// Hands messages to a producer at a fixed offered rate, as a client publishing at that rate would: each
/// message falls due at its place in the schedule, and the messages due are handed over at once, without
/// waiting for the acknowledgements of those before (waiting would hold back the messages falling due
/// meanwhile and stamp them late). The acknowledgements are collected at the end; a failed one throws.
struct PacedSender {
    let producer: KafkaProducer
    /// Messages per second.
    let rate: Double

    /// Sends `messages` in order. Returns, for each, the monotonic time (``now()``) it was handed over,
    /// and the rate achieved.
    func send(_ messages: [OutgoingMessage]) throws -> (handedAt: [Double], offeredRate: Double) {
        var handedAt: [Double] = []
        handedAt.reserveCapacity(messages.count)
        var deliveries: [PendingDelivery] = []
        let start = now()
        while handedAt.count < messages.count {
            let due = min(messages.count, Int((now() - start) * rate) + 1)
            if due > handedAt.count {
                let slice = Array(messages[handedAt.count..<due])
                let time = now()
                handedAt.append(contentsOf: repeatElement(time, count: slice.count))
                deliveries.append(try blocking { [producer] in try await producer.enqueue(slice) })
            } else {
                Thread.sleep(forTimeInterval: 0.0005)
            }
        }
        let offeredRate = Double(messages.count) / (now() - start)
        for delivery in deliveries { _ = try blocking { try await delivery.reports() } }
        return (handedAt, offeredRate)
    }
}
