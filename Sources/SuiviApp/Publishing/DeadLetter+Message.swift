import SuiviKafka
import SuiviStore

extension DeadLetter {
    /// The dead letter as published on the dead-letters topic: the original key and value byte for
    /// byte, with the headers `Schemas/deadletter-headers.schema.json` requires.
    func message(topic: String) -> OutgoingMessage {
        OutgoingMessage(
            topic: topic, key: key, value: value,
            headers: [
                KafkaHeader(name: "suivi.reason.code", value: Array(reasonCode.utf8)),
                KafkaHeader(name: "suivi.reason", value: Array(reason.utf8)),
                KafkaHeader(name: "suivi.source", value: Array("\(self.topic)/\(partition)/\(offset)".utf8)),
            ])
    }
}
