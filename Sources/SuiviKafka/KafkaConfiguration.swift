/// Where the brokers are and how to talk to them, shared by producers, consumers and admin clients.
///
/// ``properties`` passes any librdkafka property through unchanged (`security.protocol`, `sasl.*`,
/// `ssl.*`, `linger.ms`, ...); it is applied after the client's own defaults, so it overrides them.
/// Values of secret-looking properties never appear in ``description`` or in error messages.
public struct KafkaConfiguration: Sendable, CustomStringConvertible {
    /// Comma-separated `host:port` bootstrap brokers (librdkafka's `bootstrap.servers`).
    public var brokers: String
    /// The `client.id` that brokers log and quote in metrics. Default `"suivi"`.
    public var clientID: String
    /// librdkafka properties, applied last.
    public var properties: [String: String]

    /// - Parameters:
    ///   - brokers: Comma-separated `host:port` list, e.g. `"127.0.0.1:9092"`.
    ///   - clientID: The `client.id` to present to brokers.
    ///   - properties: Extra librdkafka properties; they override Suivi's defaults.
    public init(brokers: String, clientID: String = "suivi", properties: [String: String] = [:]) {
        self.brokers = brokers
        self.clientID = clientID
        self.properties = properties
    }

    public var description: String {
        let shown = properties.keys.sorted().map { key in
            "\(key)=\(Self.isSecret(key) ? "<redacted>" : properties[key]!)"
        }
        return "KafkaConfiguration(brokers: \(brokers), clientID: \(clientID), properties: [\(shown.joined(separator: ", "))])"
    }

    /// Whether a property's value must never be shown (passwords, keys, tokens, JAAS and OAuth settings).
    static func isSecret(_ key: String) -> Bool {
        let key = key.lowercased()
        return ["password", "secret", "key", "token", "credential", "jaas", "oauthbearer.config"]
            .contains { key.contains($0) }
    }
}
