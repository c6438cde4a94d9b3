import SuiviDomain
import SuiviKafka
import SuiviPostgres
import SuiviStore

/// Applies a batch of events to the read models so that one event that cannot be applied holds up
/// only its own stream: it is parked with the reason, the later events of the same stream are parked
/// behind it (their order kept for the retry), and every other stream carries on.
///
/// The fast path applies the whole batch at once; only when that fails does it retry stream by stream
/// and event by event, each under a savepoint, to find what fails. Runs inside the caller's transaction.
struct ParkingApplier {
    let connection: PostgresConnection
    let readModels: ReadModelStore
    let consumer: String

    /// An event with the message it came in.
    struct Item {
        let event: RecordedEvent
        let message: KafkaMessage
    }

    /// Returns what was applied and the dead letters to record for what could not be.
    func apply(_ items: [Item]) throws -> (applied: ReadModelStore.Applied, parked: [DeadLetter]) {
        let streams = Array(Set(items.map(\.event.streamID)))
        let alreadyParked = try DeadLetterStore(connection: connection).parkedStreams(consumer: consumer, among: streams)
        var parked: [DeadLetter] = []
        var flowing: [Item] = []
        for item in items {
            if alreadyParked.contains(item.event.streamID) {
                parked.append(letter(item, code: "parked-behind", reason: "waiting behind an earlier parked event of stream \(item.event.streamID); retry that one first"))
            } else {
                flowing.append(item)
            }
        }
        try connection.execute("SAVEPOINT suivi_batch")
        do {
            let applied = try readModels.apply(flowing.map(\.event), gapsFrom: EventStore(connection: connection))
            try connection.execute("RELEASE SAVEPOINT suivi_batch")
            return (applied, parked)
        } catch {
            try connection.execute("ROLLBACK TO SAVEPOINT suivi_batch")
        }
        // Slow path: stream by stream, event by event.
        var total = ReadModelStore.Applied(applied: 0, skipped: 0)
        var order: [String] = []
        var byStream: [String: [Item]] = [:]
        for item in flowing {
            if byStream[item.event.streamID] == nil { order.append(item.event.streamID) }
            byStream[item.event.streamID, default: []].append(item)
        }
        for stream in order {
            let streamItems = byStream[stream]!
            for (index, item) in streamItems.enumerated() {
                try connection.execute("SAVEPOINT suivi_event")
                do {
                    let applied = try readModels.apply([item.event], gapsFrom: EventStore(connection: connection))
                    try connection.execute("RELEASE SAVEPOINT suivi_event")
                    total.applied += applied.applied
                    total.skipped += applied.skipped
                    total.filled += applied.filled
                } catch {
                    try connection.execute("ROLLBACK TO SAVEPOINT suivi_event")
                    parked.append(letter(item, code: "projection-failed", reason: "a read model could not apply this event: \(error)"))
                    for later in streamItems[(index + 1)...] {
                        parked.append(letter(later, code: "parked-behind",
                            reason: "waiting behind parked event \(item.event.metadata.eventID) (version \(item.event.version)) of stream \(stream)"))
                    }
                    break
                }
            }
        }
        return (total, parked)
    }

    private func letter(_ item: Item, code: String, reason: String) -> DeadLetter {
        DeadLetter(
            consumer: consumer, topic: item.message.topic, partition: item.message.partition, offset: item.message.offset,
            key: item.message.key, value: item.message.value, reasonCode: code, reason: reason,
            streamID: item.event.streamID, eventID: item.event.metadata.eventID, version: item.event.version)
    }
}
