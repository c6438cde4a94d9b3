/// Whether and how often the decider signs checkpoints of the ledger (README.md, "Configuration").
///
/// The decider signs when it holds a key: after a batch once `maxEvents` events are uncovered, and at
/// the latest `maxSeconds` after an event was committed (also while idle), so that no event stays
/// unsigned longer than that while the decider runs.
public struct CheckpointConfiguration: Sendable, Hashable {
    /// `SUIVI_CHECKPOINT_KEY_FILE`: the Ed25519 private key (`suivi audit keygen`) the decider signs with; `nil`
    /// signs no checkpoints. A file on the decider's host, never in the database.
    public var keyFile: String?
    /// `SUIVI_CHECKPOINT_EVENTS`: most events one checkpoint covers, and how many uncovered events make one due.
    public var maxEvents = 10_000
    /// `SUIVI_CHECKPOINT_SECONDS`: longest an uncovered event waits for its checkpoint (1 to 60).
    public var maxSeconds = 30

    public init(keyFile: String? = nil, maxEvents: Int = 10_000, maxSeconds: Int = 30) {
        self.keyFile = keyFile
        self.maxEvents = maxEvents
        self.maxSeconds = maxSeconds
    }

    /// Reads the settings.
    /// - Throws: ``OperationFailure`` (`configuration`) naming the variable and what it accepts.
    public static func load(from environment: Environment) throws -> CheckpointConfiguration {
        func integer(_ variable: EnvironmentVariable, _ range: ClosedRange<Int>, default value: Int) throws -> Int {
            guard let text = environment[variable.name] else { return value }
            guard let parsed = Int(text), range.contains(parsed) else {
                throw OperationFailure(.configuration, "\(variable.name)=\(text) is not a whole number from \(range.lowerBound) to \(range.upperBound)")
            }
            return parsed
        }
        return CheckpointConfiguration(
            keyFile: environment[EnvironmentVariable.checkpointKeyFile.name],
            maxEvents: try integer(EnvironmentVariable.checkpointEvents, 1...1_000_000, default: 10_000),
            maxSeconds: try integer(EnvironmentVariable.checkpointSeconds, 1...60, default: 30))
    }
}
