public import SuiviApp
public import Logging
public import SuiviDomain
internal import SuiviKafka
public import SuiviPostgres
public import SuiviStore

/// What `suivi status` shows: per consumer group and partition, the offset stored in PostgreSQL, the
/// broker's high watermark and the lag between them; the workers' heartbeats; parked dead letters.
///
/// Lag is `end of the partition - stored offset`, floored at 0, where the end is the broker's high
/// watermark checked by reading the last batch (see ``LogEnds``: the local broker misreports the
/// watermark itself).
public struct SystemStatus: Sendable {
    public struct PartitionLag: Sendable {
        public var group: String
        public var topic: String
        public var partition: Int32
        public var stored: Int64
        public var high: Int64?
        public var lag: Int64? { high.map { max(0, $0 - stored) } }
    }

    public struct Worker: Sendable {
        public var heartbeat: WorkerHeartbeat
        public var alive: Bool
        public var secondsSinceSeen: Double
    }

    public var store: StoreStatus
    public var partitions: [PartitionLag]
    public var workers: [Worker]
    public var parkedByConsumer: [String: Int64]
    /// Commands the deciders hold while streams they read catch up (the oldest first, at most 100), and
    /// how many in all.
    public var held: [HeldRow] = []
    public var heldTotal: Int = 0
    /// When this status was read (the database's clock), for the age of held commands.
    public var now: Timestamp = Timestamp(microseconds: 0)
    /// Why the broker could not be asked, when it could not.
    public var brokerError: String?

    /// A worker is alive when its heartbeat is younger than this.
    public static let aliveWithin: Double = 20

    public var totalLag: Int64? {
        if brokerError != nil { return nil }
        return partitions.compactMap(\.lag).reduce(0, +)
    }

    /// Gathers the status; the broker part is left empty (with the reason) when the broker does not answer.
    public static func gather(_ configuration: SuiviConfiguration, connection: PostgresConnection, logger: Logger) throws -> SystemStatus {
        let store = try StoreStatus.read(connection)
        let (now, beats) = try WorkerHeartbeat.all(connection)
        let workers = beats.map { beat in
            let age = Double(now.microseconds - beat.lastSeen.microseconds) / 1e6
            return Worker(heartbeat: beat, alive: age <= aliveWithin, secondsSinceSeen: age)
        }
        var parked: [String: Int64] = [:]
        for row in try connection.query("SELECT consumer, count(*) AS n FROM suivi.dead_letters WHERE status = 'parked' GROUP BY consumer").rows {
            parked[try row.string("consumer")] = try row.int("n")
        }
        let groups: [(String, String, [Int32: Int64])] =
            [(configuration.deciderGroup, configuration.topics.commands,
              store.decider.first { $0.group == configuration.deciderGroup && $0.topic == configuration.topics.commands }?.partitions ?? [:]),
             (configuration.projectorGroup, configuration.topics.events,
              store.projector.first { $0.group == configuration.projectorGroup && $0.topic == configuration.topics.events }?.partitions ?? [:])]
        var partitions: [PartitionLag] = []
        var brokerError: String? = nil
        do {
            let admin = try KafkaAdmin(configuration: configuration.kafka(clientID: "suivi-status"), logger: logger)
            try admin.checkConnection(timeout: .seconds(5))
            for (group, topic, stored) in groups {
                let count = try admin.partitionCount(topic: topic) ?? 0
                let ends = try LogEnds.probe(topic: topic, partitions: count, admin: admin, configuration: configuration, logger: logger)
                for partition in 0..<Int32(count) {
                    partitions.append(PartitionLag(group: group, topic: topic, partition: partition, stored: stored[partition] ?? 0, high: ends[partition]))
                }
            }
        } catch {
            brokerError = String(describing: error)
            for (group, topic, stored) in groups {
                for (partition, offset) in stored.sorted(by: { $0.key < $1.key }) {
                    partitions.append(PartitionLag(group: group, topic: topic, partition: partition, stored: offset, high: nil))
                }
            }
        }
        let (heldTotal, held) = try HeldCommandStore(connection: connection).all()
        return SystemStatus(
            store: store, partitions: partitions, workers: workers, parkedByConsumer: parked, held: held, heldTotal: heldTotal,
            now: now, brokerError: brokerError)
    }

    /// Thresholds a health check gives; nil means not checked.
    public struct Thresholds: Sendable {
        public var maxLag: Int64?
        public var maxParked: Int64?
        public var requireWorkers: Bool

        public init(maxLag: Int64? = nil, maxParked: Int64? = nil, requireWorkers: Bool = false) {
            self.maxLag = maxLag
            self.maxParked = maxParked
            self.requireWorkers = requireWorkers
        }
    }

    /// The thresholds this status breaks, in words (empty when healthy).
    public func problems(_ thresholds: Thresholds, deciderGroup: String, projectorGroup: String) -> [String] {
        var problems: [String] = []
        if let maxLag = thresholds.maxLag {
            if let lag = totalLag {
                if lag > maxLag { problems.append("lag \(lag) exceeds --max-lag \(maxLag)") }
            } else {
                problems.append("lag unknown: \(brokerError ?? "the broker did not answer")")
            }
        }
        if let maxParked = thresholds.maxParked, store.parkedDeadLetters > maxParked {
            problems.append("\(store.parkedDeadLetters) parked dead letters exceed --max-parked \(maxParked)")
        }
        if thresholds.requireWorkers {
            for (worker, group) in [("decider", deciderGroup), ("projector", projectorGroup)]
            where !workers.contains(where: { $0.heartbeat.worker == worker && $0.heartbeat.group == group && $0.alive }) {
                problems.append("no live \(worker) in group \(group)")
            }
        }
        return problems
    }

    public var json: JSON {
        var object = store.json.objectValue ?? [:]
        object["lag"] = .array(partitions.map { lag in
            [
                "group": .string(lag.group), "topic": .string(lag.topic), "partition": .int(Int(lag.partition)),
                "stored": .number(String(lag.stored)), "high": lag.high.map { .number(String($0)) } ?? .null,
                "lag": lag.lag.map { .number(String($0)) } ?? .null,
            ]
        })
        object["totalLag"] = totalLag.map { .number(String($0)) } ?? .null
        object["brokerError"] = brokerError.map { .string($0) } ?? .null
        object["workers"] = .array(workers.map { worker in
            let beat = worker.heartbeat
            return [
                "worker": .string(beat.worker), "instance": .string(beat.instance), "group": .string(beat.group),
                "alive": .bool(worker.alive), "secondsSinceSeen": .number(String(Int(worker.secondsSinceSeen))),
                "lastMessageAt": beat.lastMessageAt.map { .string($0.rfc3339) } ?? .null, "processed": .number(String(beat.processed)),
                "partitions": .array(beat.partitions.map { .int(Int($0)) }),
            ]
        })
        object["held"] = [
            "total": .int(heldTotal),
            "commands": .array(held.map { row in
                [
                    "group": .string(row.group), "partition": .int(Int(row.partition)), "offset": .number(String(row.offset)),
                    "subject": .string(row.streamID), "commandId": .string(row.commandID), "heldSince": .string(row.since.rfc3339),
                    "secondsHeld": .number(String(Double(max(0, now.microseconds - row.since.microseconds)) / 1e6)),
                ]
            }),
        ]
        object["parked"] = .object(Dictionary(uniqueKeysWithValues: parkedByConsumer.map { ($0.key, JSON.number(String($0.value))) }))
        return .object(object)
    }
}
