/// One way a topic on the cluster differs from what the configuration asks for.
public struct TopicMismatch: Sendable, Hashable, CustomStringConvertible {
    public var topic: String
    /// `exists`, `partitions`, `replication.factor`, or a topic configuration key (`retention.ms`).
    public var setting: String
    public var expected: String
    public var actual: String

    public init(topic: String, setting: String, expected: String, actual: String) {
        self.topic = topic
        self.setting = setting
        self.expected = expected
        self.actual = actual
    }

    public var description: String { "\(topic): \(setting) is \(actual), the configuration asks for \(expected)" }
}
