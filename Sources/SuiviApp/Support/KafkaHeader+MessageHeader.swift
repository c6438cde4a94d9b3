import SuiviDomain
import SuiviKafka

extension KafkaHeader {
    /// The header as the domain's decoder reads it.
    var messageHeader: MessageHeader { MessageHeader(name: name, value: value) }
}
