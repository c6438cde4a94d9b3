import SuiviApp
import Logging
import SuiviKafka
import SuiviPostgres
import SuiviStore

/// The decider's signer of checkpoints: after its batches and while idle, when ``CheckpointSchedule`` says
/// one is due, signs what the ledger holds beyond the last checkpoint (``CheckpointStore/signDue(key:maxEvents:now:)``,
/// one signer at a time across deciders) and publishes every checkpoint the topic does not carry yet.
///
/// The private key is read from a file at start and stays in this process's memory; only statements and
/// signatures reach the database and the topic. A pass that fails is logged and retried a second later:
/// deciding goes on, and the events wait for their checkpoint.
final class Checkpointer: Sendable {
    private let key: AuditSigningKey
    private let maxEvents: Int
    private let topic: String
    private let logger: Logger
    /// Noted after each commit (the batch thread) and consulted when idle (the loop thread).
    private let schedule: Locked<CheckpointSchedule>

    init(key: AuditSigningKey, configuration: CheckpointConfiguration, topic: String, logger: Logger) {
        self.key = key
        maxEvents = configuration.maxEvents
        self.topic = topic
        self.logger = logger
        schedule = Locked(CheckpointSchedule(maxEvents: configuration.maxEvents, maxSeconds: configuration.maxSeconds))
    }

    /// The decider's checkpointer when a key is configured, else `nil`.
    /// - Throws: ``OperationFailure`` (`configuration`) when the key file cannot be read as a key.
    static func make(_ configuration: SuiviConfiguration, logger: Logger) throws -> Checkpointer? {
        guard let path = configuration.checkpoints.keyFile else { return nil }
        let key: AuditSigningKey
        do { key = try AuditFiles.loadKey(path: path) } catch {
            throw OperationFailure(.configuration, "\(EnvironmentVariable.checkpointKeyFile.name): \(error)")
        }
        logger.info("signing checkpoints", metadata: [
            "suivi.checkpoint.signer": "\(key.fingerprint)", "suivi.checkpoint.events": "\(configuration.checkpoints.maxEvents)",
            "suivi.checkpoint.seconds": "\(configuration.checkpoints.maxSeconds)",
        ])
        return Checkpointer(key: key, configuration: configuration.checkpoints, topic: configuration.topics.checkpoints, logger: logger)
    }

    /// Notes a committed batch's events.
    func committed(_ events: Int) {
        schedule.withLock { $0.committed(events, at: .now) }
    }

    /// Signs and publishes when due.
    func tick(_ connection: PostgresConnection, producer: KafkaProducer) async {
        guard schedule.withLock({ $0.isDue(at: .now) }) else { return }
        var finished = false
        do {
            let store = CheckpointStore(connection: connection)
            let signed = try store.signDue(key: key, maxEvents: maxEvents, now: SystemClock.now())
            let published = try store.publishedUpTo()
            let pending = try store.checkpoints(after: published)
            if !pending.isEmpty {
                _ = try await producer.send(pending.map {
                    OutgoingMessage(topic: topic, key: Array("checkpoint".utf8), value: $0.json.canonicalBytes)
                })
                try store.published(upTo: pending.last!.statement.sequence)
            }
            if let last = signed.last {
                logger.debug("checkpoints signed", metadata: [
                    "suivi.checkpoints": "\(signed.count)", "suivi.checkpoint.sequence": "\(last.statement.sequence)",
                    "suivi.checkpoint.position": "\(last.statement.lastPosition)",
                ])
            }
            // An empty pass may mean another signer holds the lock: it covers what was committed before it began,
            // but maybe not this decider's last batch, so the next pass comes soon.
            let covered = try store.latest()?.statement.lastPosition ?? 0
            let head = try store.ledgerHead()?.position ?? 0
            finished = !signed.isEmpty || covered >= head
        } catch {
            logger.warning("signing or publishing checkpoints failed; retrying in a second", metadata: ["error": "\(error)"])
        }
        schedule.withLock { $0.passed(finished: finished, at: .now) }
    }
}
