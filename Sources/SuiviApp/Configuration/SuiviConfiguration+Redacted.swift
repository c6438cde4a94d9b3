/// A configuration printed anywhere (swift-service-lifecycle logs each service with its stored properties
/// at debug level) shows no secret: the connection string may hold a password and librdkafka properties
/// may hold SASL or TLS key passwords, so neither value is ever printed, only the property names.
extension SuiviConfiguration: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        let children = redactedChildren.map { "\($0.label): \($0.value)" }.joined(separator: ", ")
        return "SuiviConfiguration(\(children))"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: redactedChildren.map { (label: Optional($0.label), value: $0.value as Any) }, displayStyle: .struct)
    }

    private var redactedChildren: [(label: String, value: String)] {
        [
            ("databaseURL", "<redacted>"),
            ("databasePassword", databasePassword == nil ? "none" : "<redacted>"),
            ("kafkaBrokers", kafkaBrokers),
            ("kafkaProperties", "<\(kafkaProperties.count) redacted: \(kafkaProperties.keys.sorted().joined(separator: ", "))>"),
            ("topics", topics.all.joined(separator: ", ")),
            ("partitions", "\(partitions)"),
            ("topicSettings", "replication \(topicSettings.replicationFactor)"),
            ("deciderGroup", deciderGroup),
            ("projectorGroup", projectorGroup),
            ("batchSize", "\(batchSize)"),
            ("projectorLanes", "\(projectorLanes)"),
            ("logLevel", logLevel),
            ("logFormat", logFormat),
            ("metrics", "\(metrics.address):\(metrics.port.map(String.init) ?? "default")"),
        ]
    }
}
