/// How the topics Suivi creates are replicated and kept, filled from environment variables by
/// ``load(from:)`` (README.md, "Configuration").
public struct TopicSettings: Sendable, Hashable {
    /// `SUIVI_REPLICATION_FACTOR`: replicas of every topic Suivi creates. 1 for the local stack; 3 in
    /// production (a managed cluster may refuse fewer).
    public var replicationFactor: Int32 = 1
    /// `SUIVI_MIN_INSYNC_REPLICAS`: `min.insync.replicas` of the topics Suivi creates; `nil` (unset)
    /// leaves the broker's default. 2 with a replication factor of 3.
    public var minInsyncReplicas: Int32?
    /// `SUIVI_COMMANDS_RETENTION_MS`: retention of the commands topic (7 days; -1 keeps forever).
    public var commandsRetentionMs: Int64 = 604_800_000
    /// `SUIVI_OUTCOMES_RETENTION_MS`: retention of the outcomes topic (7 days; -1 keeps forever).
    public var outcomesRetentionMs: Int64 = 604_800_000
    /// `SUIVI_DEADLETTERS_RETENTION_MS`: retention of the dead-letter topic (30 days; -1 keeps forever).
    public var deadLettersRetentionMs: Int64 = 2_592_000_000
    /// `SUIVI_ALLOW_FINITE_EVENTS_RETENTION`: `true` lets the workers run although the events topic
    /// deletes old events. Off by default: `rebuild --source topic` and `audit verify --against-topic`
    /// need the whole history. The events topic Suivi creates is always kept forever.
    public var allowFiniteEventsRetention = false

    public init() {}

    /// Reads the settings.
    /// - Throws: ``OperationFailure`` (`configuration`) naming the variable and what it accepts.
    public static func load(from environment: Environment) throws -> TopicSettings {
        func number(_ name: String, _ range: ClosedRange<Int64>) throws -> Int64? {
            guard let text = environment[name] else { return nil }
            guard let value = Int64(text), range.contains(value) else {
                throw OperationFailure(.configuration, "\(name)=\(text) is not a whole number from \(range.lowerBound) to \(range.upperBound)")
            }
            return value
        }
        func retention(_ name: String) throws -> Int64? {
            guard let value = try number(name, -1...Int64.max) else { return nil }
            guard value != 0 else { throw OperationFailure(.configuration, "\(name)=0 would delete every message at once; use -1 to keep them forever") }
            return value
        }
        var settings = TopicSettings()
        if let value = try number(EnvironmentVariable.replicationFactor.name, 1...32) { settings.replicationFactor = Int32(value) }
        if let value = try number(EnvironmentVariable.minInsyncReplicas.name, 1...32) {
            guard value <= Int64(settings.replicationFactor) else {
                throw OperationFailure(.configuration, 
                    "SUIVI_MIN_INSYNC_REPLICAS=\(value) is above SUIVI_REPLICATION_FACTOR=\(settings.replicationFactor): no write could succeed; lower it")
            }
            settings.minInsyncReplicas = Int32(value)
        }
        if let value = try retention(EnvironmentVariable.commandsRetention.name) { settings.commandsRetentionMs = value }
        if let value = try retention(EnvironmentVariable.outcomesRetention.name) { settings.outcomesRetentionMs = value }
        if let value = try retention(EnvironmentVariable.deadLettersRetention.name) { settings.deadLettersRetentionMs = value }
        if let text = environment[EnvironmentVariable.allowFiniteEventsRetention.name] {
            switch text.lowercased() {
            case "true", "1", "yes": settings.allowFiniteEventsRetention = true
            case "false", "0", "no": settings.allowFiniteEventsRetention = false
            default: throw OperationFailure(.configuration, "SUIVI_ALLOW_FINITE_EVENTS_RETENTION=\(text) is not true or false")
            }
        }
        return settings
    }
}
