package import SuiviDomain
package import SuiviKafka

extension KafkaHeader {
    /// The header as the domain's decoder reads it.
    package var messageHeader: MessageHeader { MessageHeader(name: name, value: value) }
}
