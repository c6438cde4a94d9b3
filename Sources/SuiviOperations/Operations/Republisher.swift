public import SuiviApp
public import Logging
internal import SuiviDomain
internal import SuiviKafka
public import SuiviPostgres
internal import SuiviStore

/// Refills the events and outcomes topics from the event store, for a broker that lost its data.
///
/// Events go out in position order keyed by stream (so each stream's order is kept on its partition),
/// in chunks, each chunk acknowledged by the broker before the next. Consumers skip events they
/// already applied (stream version), so republishing more than was lost is harmless. With
/// `resetOffsets`, the offsets the workers stored for the lost topics are set back to the start, so
/// that they read the refilled topics from the beginning (stop the workers first).
public struct Republisher {
    public struct Report: Sendable {
        public var events: Int
        public var outcomes: Int
        public var seconds: Double
        public var offsetsReset: Bool
    }

    private let configuration: SuiviConfiguration
    private let connection: PostgresConnection
    private let logger: Logger

    public init(configuration: SuiviConfiguration, connection: PostgresConnection, logger: Logger) {
        self.configuration = configuration
        self.connection = connection
        self.logger = logger
    }

    public func run(fromPosition: Int64 = 0, outcomes: Bool = true, resetOffsets: Bool = false,
        progress: (_ done: Int64, _ total: Int64, _ seconds: Double) -> Void) async throws -> Report
    {
        let clock = ContinuousClock()
        let started = clock.now
        func seconds() -> Double {
            let elapsed = clock.now - started
            return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        }
        try Connections.ensureTopics(configuration, logger: logger)
        let producer = try KafkaProducer(configuration: configuration.kafka(clientID: "suivi-relay"), logger: logger)
        defer { producer.close() }
        let store = EventStore(connection: connection)
        let total = try store.lastPosition()
        var position = fromPosition
        var events = 0
        while true {
            let chunk = try store.events(after: position, limit: 10_000)
            guard let last = chunk.last else { break }
            _ = try await producer.send(chunk.map { item in
                OutgoingMessage(topic: configuration.topics.events, key: Array(item.event.streamID.utf8),
                    value: EventEnvelope.bytes(item.event, hash: item.hash))
            })
            position = last.event.position
            events += chunk.count
            progress(position, total, seconds())
        }
        var outcomeCount = 0
        if outcomes {
            var cursor: Int64 = 0
            while true {
                let chunk = try store.outcomes(after: cursor, limit: 10_000)
                guard let last = chunk.last else { break }
                _ = try await producer.send(chunk.map { item in
                    OutgoingMessage(topic: configuration.topics.outcomes, key: Array(item.outcome.subject.utf8), value: item.outcome.canonicalBytes)
                })
                cursor = last.position
                outcomeCount += chunk.count
            }
        }
        // A whole republish also refills the checkpoints topic (kept forever, so it is lost only with the broker).
        var checkpointCount = 0
        if fromPosition == 0 {
            let checkpoints = try CheckpointStore(connection: connection).checkpoints()
            if let last = checkpoints.last {
                _ = try await producer.send(checkpoints.map {
                    OutgoingMessage(topic: configuration.topics.checkpoints, key: Array("checkpoint".utf8), value: $0.json.canonicalBytes)
                })
                try CheckpointStore(connection: connection).published(upTo: last.statement.sequence)
                checkpointCount = checkpoints.count
            }
        }
        // What was just published need not be published again by the decider's relay.
        var eventCursors: [Int32: Int64] = [:]
        for row in try connection.query("SELECT source_partition AS p, max(position) AS m FROM suivi.events WHERE position <= \(position) GROUP BY 1").rows {
            eventCursors[Int32(try row.int("p"))] = try row.int("m")
        }
        try store.advanceRelay(feed: .events, to: eventCursors)
        if outcomes {
            var outcomeCursors: [Int32: Int64] = [:]
            for row in try connection.query("SELECT source_partition AS p, max(position) AS m FROM suivi.outcomes GROUP BY 1").rows {
                outcomeCursors[Int32(try row.int("p"))] = try row.int("m")
            }
            try store.advanceRelay(feed: .outcomes, to: outcomeCursors)
        }
        if resetOffsets {
            try connection.transaction { connection in
                try connection.query("""
                    UPDATE suivi.consumer_offsets SET next_offset = 0, updated_at = now()
                    WHERE group_id = \(configuration.deciderGroup) AND topic = \(configuration.topics.commands)
                    """)
                try connection.query("""
                    UPDATE \(unescaped: ReadModelSchema.live).projector_offsets SET next_offset = 0, updated_at = now()
                    WHERE group_id = \(configuration.projectorGroup) AND topic = \(configuration.topics.events)
                    """)
            }
        }
        logger.info("republished from the store", metadata: [
            "suivi.events": "\(events)", "suivi.outcomes": "\(outcomeCount)", "suivi.checkpoints": "\(checkpointCount)",
        ])
        return Report(events: events, outcomes: outcomeCount, seconds: seconds(), offsetsReset: resetOffsets)
    }
}
