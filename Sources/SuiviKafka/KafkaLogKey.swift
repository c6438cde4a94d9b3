/// Metadata keys used in log lines, kept in one place.
enum KafkaLogKey {
    static let facility = "kafka.facility"
    static let client = "kafka.client"
    static let topic = "kafka.topic"
    static let partition = "kafka.partition"
    static let error = "kafka.error"
}
