/// The configuration as it may be printed: no connection string and no property value, which may hold
/// passwords. swift-service-lifecycle logs its services at debug level with `String(describing:)`, and
/// a worker's description includes its configuration.
extension SuiviConfiguration: CustomStringConvertible, CustomDebugStringConvertible {
    public var description: String {
        "SuiviConfiguration(database: \(Self.redacted(databaseURL)), kafkaBrokers: \(kafkaBrokers), "
            + "kafkaProperties: [\(kafkaProperties.keys.sorted().joined(separator: ", "))], topics: \(topics.commands), "
            + "\(topics.events), \(topics.outcomes), \(topics.deadLetters), partitions: \(partitions), "
            + "deciderGroup: \(deciderGroup), projectorGroup: \(projectorGroup), batchSize: \(batchSize))"
    }

    public var debugDescription: String { description }

    /// A connection string without its password: a URI's `user:password@` loses the password, a
    /// key-value string its `password=` (and anything else, which is dropped to the host part).
    static func redacted(_ url: String) -> String {
        if let scheme = url.range(of: "://") {
            var rest = url[scheme.upperBound...]
            if let query = rest.firstIndex(of: "?") { rest = rest[..<query] }
            guard let at = rest.lastIndex(of: "@") else { return String(url[..<scheme.upperBound]) + rest }
            let user = rest[..<at].split(separator: ":", maxSplits: 1).first ?? ""
            return String(url[..<scheme.upperBound]) + user + "@" + rest[rest.index(after: at)...]
        }
        let kept = url.split(separator: " ").filter { pair in
            ["host=", "hostaddr=", "port=", "dbname=", "user="].contains { pair.hasPrefix($0) }
        }
        return kept.joined(separator: " ")
    }
}
