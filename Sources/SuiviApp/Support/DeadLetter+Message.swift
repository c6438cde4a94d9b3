package import SuiviKafka
package import SuiviStore

extension DeadLetter {
    /// The dead letter as published on the dead-letters topic: the original key, value and headers byte
    /// for byte, followed by the headers `Schemas/deadletter-headers.schema.json` requires.
    package func message(topic: String) -> OutgoingMessage {
        OutgoingMessage(
            topic: topic, key: key, value: value,
            headers: headers.map { KafkaHeader(name: $0.name, value: $0.value ?? []) } + [
                KafkaHeader(name: "suivi.reason.code", value: Array(reasonCode.utf8)),
                KafkaHeader(name: "suivi.reason", value: Array(reason.utf8)),
                KafkaHeader(name: "suivi.source", value: Array("\(self.topic)/\(partition)/\(offset)".utf8)),
            ])
    }
}
