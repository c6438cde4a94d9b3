/// What the cluster says about one topic: its partitions, its replication factor and the topic-level
/// configuration the broker reports (`retention.ms`, `min.insync.replicas`, ...).
public struct TopicDescription: Sendable, Hashable {
    public var name: String
    public var partitions: Int
    /// Replicas of the first partition (every partition of a topic created by Suivi has as many).
    public var replicationFactor: Int
    /// Topic configuration as described by the broker, defaults included; empty when the broker
    /// cannot describe configurations (``configsDescribed`` is then false).
    public var configs: [String: String]
    /// Whether the broker answered the DescribeConfigs request for this topic.
    public var configsDescribed: Bool

    public init(name: String, partitions: Int, replicationFactor: Int, configs: [String: String], configsDescribed: Bool) {
        self.name = name
        self.partitions = partitions
        self.replicationFactor = replicationFactor
        self.configs = configs
        self.configsDescribed = configsDescribed
    }
}
