import Logging
import SuiviDomain
import SuiviKafka
import SuiviPostgres
import SuiviStore

/// The decider's loop and its state; runs on the worker's dedicated thread.
struct DeciderLoop {
    private let configuration: SuiviConfiguration
    private let logger: Logger
    private let database: ThreadConfined<PostgresConnection>
    private let producer: KafkaProducer
    private let consumer: KafkaConsumer
    private let metrics: WorkerMetrics
    /// Partitions just assigned, whose unpublished events must be relayed before new work.
    private let catchUp = PartitionSet()
    /// Heads of the streams of this decider's partitions, as committed.
    private let cache = StreamHeadCache()
    /// Publications awaiting the broker, and the positions acknowledged, written with the next batch.
    private let relay = ThreadConfined(RelayProgress())
    /// Commands held while the streams they read catch up, as committed (see `HeldCommands`).
    private let holds: ThreadConfined<HeldCommands>
    static let consumerName = "decider"
    /// Batches whose publication may await the broker while the next one is decided.
    static let publicationsInFlight = 2

    init(configuration: SuiviConfiguration, migrate: Bool, logger: Logger) throws {
        self.configuration = configuration
        self.logger = logger
        holds = ThreadConfined(HeldCommands(waitMicroseconds: configuration.dependencyWaitMicroseconds))
        try Connections.ensureTopics(configuration, logger: logger)
        database = ThreadConfined(try Connections.database(configuration, applicationName: "suivi-decider", migrate: migrate, logger: logger))
        producer = try KafkaProducer(configuration: configuration.kafka(clientID: "suivi-decider"), logger: logger)
        consumer = try KafkaConsumer(configuration: configuration.kafka(clientID: "suivi-decider"), groupID: configuration.deciderGroup, logger: logger)
        metrics = WorkerMetrics(.decider, topic: configuration.topics.commands, configuration: configuration, logger: logger)
    }

    func run(until stop: StopFlag) async throws {
        let group = configuration.deciderGroup
        let topic = configuration.topics.commands
        let database = self.database
        let configuration = self.configuration
        let catchUp = self.catchUp
        let cache = self.cache
        let holds = self.holds
        let logger = self.logger
        let assigned = PartitionSet()
        var heartbeat = Heartbeat(worker: "decider", group: group)
        let metrics = self.metrics
        // Batches are decided and committed on a thread of their own while this one polls and decodes
        // the next; their publication is not awaited before the next batch starts.
        let handOff = BatchHandOff<Int>(label: "suivi.decider.batches")
        try consumer.subscribe(
            topics: [topic],
            onAssign: { partitions in
                // Runs inside poll, on this worker's thread: the stored offsets decide where to start, and
                // they include the batch in flight only once it has committed.
                handOff.waitUntilIdle()
                let (stored, held) = try database.withReconnect(configuration, applicationName: "suivi-decider", logger: logger) {
                    (try EventStore(connection: $0).offsets(group: group, topic: topic),
                     try HeldCommandStore(connection: $0).held(group: group, partitions: partitions.map(\.partition)))
                }
                holds.value.drop(partitions: Set(partitions.map(\.partition)))
                holds.value.restore(held)
                if !held.isEmpty { logger.info("held commands restored", metadata: ["suivi.held": "\(held.count)"]) }
                catchUp.insert(partitions.map(\.partition))
                cache.drop(partitions.map(\.partition))
                assigned.insert(partitions.map(\.partition))
                logger.info("partitions assigned", metadata: ["kafka.partitions": "\(partitions.map(\.partition).sorted())"])
                var start: [TopicPartition: Int64] = [:]
                for partition in partitions { start[partition] = stored[partition.partition] ?? 0 }
                metrics.assigned(start)
                return start
            },
            onRevoke: { partitions in
                // The batch in flight stores its offsets and heads before the partitions go.
                handOff.waitUntilIdle()
                assigned.remove(partitions.map(\.partition))
                holds.value.drop(partitions: Set(partitions.map(\.partition)))
                metrics.revoked(partitions)
                cache.drop(partitions.map(\.partition))
                logger.info("partitions revoked", metadata: ["kafka.partitions": "\(partitions.map(\.partition).sorted())"])
            })
        logger.info("decider started", metadata: ["kafka.topic": "\(topic)", "kafka.group": "\(group)"])
        var backoff = Backoff()
        var lastHeldPass = ContinuousClock.now
        while !stop.isStopping && !Task.isCancelled {
            let messages: [KafkaMessage]
            // While commands are held, the loop comes back often to decide them again.
            let holding = !holds.value.isEmpty
            do {
                messages = try consumer.poll(
                    maxMessages: configuration.batchSize, timeout: .milliseconds(holding ? Self.heldRecheckMilliseconds : 250))
            } catch {
                logger.error("decider poll failed", metadata: ["error": "\(error)"])
                try await Task.sleep(for: backoff.next())
                continue
            }
            heartbeat.assigned(assigned.members)
            metrics.polled()
            var batch = messages.isEmpty ? nil : decode(messages)
            if batch == nil, holding, ContinuousClock.now - lastHeldPass >= .milliseconds(Self.heldRecheckMilliseconds) {
                // No new command: the held ones are decided again (a stream they read may have changed
                // through another decider, or their wait may be over).
                batch = Batch(messages: [], started: ContinuousClock.now)
            }
            if batch != nil { lastHeldPass = ContinuousClock.now }
            if let committed = await handOff.finish(), committed > 0 {
                heartbeat.processed(committed)
                backoff.reset()
            }
            // No batch in flight: the connection and the relay are this thread's until the next start.
            database.reconnectIfLost(configuration, applicationName: "suivi-decider", logger: logger)
            heartbeat.tick(database.value, logger: logger)
            guard let batch else {
                do {
                    try await settleRelay()
                } catch {
                    logger.error("relay catch-up failed; retrying", metadata: ["error": "\(error)"])
                    try await Task.sleep(for: backoff.next())
                }
                continue
            }
            let loop = self
            handOff.start { await loop.commit(batch, until: stop) }
        }
        _ = await handOff.finish()
        await awaitPublications()
        flushRelayCursors()
        heartbeat.remove(database.value)
        producer.close()
        consumer.close()
        database.value.close()
        logger.info("decider stopped")
    }

    /// How often held commands are decided again while no new command arrives.
    static let heldRecheckMilliseconds = 100

    /// A polled batch, decoded; `messages` are kept for isolating one the database refuses.
    private struct Batch: Sendable {
        var messages: [KafkaMessage]
        var incoming: [CommandProcessor.Incoming] = []
        var dead: [DeadLetter] = []
        /// The `invalid` outcomes of dead letters whose id could be read.
        var invalid: [CommandProcessor.Answer] = []
        var next: [Int32: Int64] = [:]
        var started: ContinuousClock.Instant
    }

    /// Decodes a batch: CPU only, so it runs on the loop thread while the previous batch commits. The
    /// decisions wait: they depend on the heads the previous batch leaves.
    private func decode(_ messages: [KafkaMessage]) -> Batch {
        var batch = Batch(messages: messages, started: ContinuousClock.now)
        batch.incoming.reserveCapacity(messages.count)
        let now = SystemClock.now()
        for message in messages {
            batch.next[message.partition] = max(batch.next[message.partition] ?? 0, message.offset + 1)
            switch CommandDecoder.decode(value: message.value, headers: message.headers.map(\.messageHeader)) {
            case .success(let command):
                if let key = message.key, String(decoding: key, as: UTF8.self) != command.envelope.kafkaKey {
                    let violation = Self.keyMismatch(key: key, command: command)
                    batch.dead.append(deadLetter(message, code: violation.code.rawValue, reason: violation.description))
                    let identity = MessageIdentity(
                        id: command.id, subject: command.streamID, typeName: command.envelope.typeName,
                        source: command.envelope.source, traceparent: command.envelope.traceparent)
                    batch.invalid.append(invalidAnswer(message, identity: identity, violations: [violation], now: now))
                } else {
                    batch.incoming.append(CommandProcessor.Incoming(
                        command: command, partition: message.partition, offset: message.offset, timestamp: message.timestamp))
                }
            case .failure(let failure):
                batch.dead.append(deadLetter(message, code: failure.code.rawValue, reason: failure.description))
                if let identity = failure.identity {
                    batch.invalid.append(invalidAnswer(message, identity: identity, violations: failure.violations, now: now))
                }
            }
        }
        batch.incoming = CommandProcessor.causalOrder(batch.incoming)
        return batch
    }

    /// The violation of a message whose Kafka key is neither its `partitionkey` nor its subject.
    static func keyMismatch(key: [UInt8], command: Command) -> Violation {
        let found = String(decoding: key, as: UTF8.self).prefix(80)
        let expected = command.envelope.partitionKey.map { "the partitionkey \($0)" } ?? "the subject \(command.streamID)"
        return Violation(
            path: "key", code: Violation.Code(rawValue: "key-mismatch"),
            message: "the Kafka key \"\(found)\" is not \(expected); publish with key = subject (or = partitionkey when you set one) so that a stream's commands stay in order")
    }

    private func invalidAnswer(_ message: KafkaMessage, identity: MessageIdentity, violations: [Violation], now: Timestamp)
        -> CommandProcessor.Answer
    {
        CommandProcessor.Answer(
            outcome: .invalid(identity, violations: violations, recordedAt: now),
            fingerprint: EventHash.sha256(message.value), occurredAt: now, partition: message.partition,
            offset: message.offset, isNew: true)
    }

    /// Decides and commits a batch on the hand-off's thread.
    ///
    /// A batch is retried until it commits or the worker stops: the offsets are only stored with its
    /// effects, so giving up on it would lose accepted commands.
    /// A batch the database keeps refusing for what it contains (not for a lost connection) is then
    /// taken one message at a time, and the message it refuses is dead-lettered: one bad message
    /// must not hold up every partition forever.
    /// - Returns: How many messages were committed (none when the worker stopped first).
    private func commit(_ batch: Batch, until stop: StopFlag) async -> Int {
        var backoff = Backoff()
        var failures = 0
        var lastError: (any Error)? = nil
        while true {
            do {
                if failures >= 2, Self.isDeterministic(lastError) {
                    try await processIsolating(batch.messages)
                } else {
                    try await process(batch)
                }
                return batch.messages.count
            } catch {
                failures += 1
                lastError = error
                cache.dropAll()
                logger.error("decider batch failed; retrying", metadata: ["error": "\(error)", "suivi.batch.size": "\(batch.messages.count)"])
                if stop.isStopping || Task.isCancelled { return 0 }
                try? await Task.sleep(for: backoff.next())
                database.reconnectIfLost(configuration, applicationName: "suivi-decider", logger: logger)
            }
        }
    }

    /// When idle: waits for the publications in flight, catches up what needs it and records the
    /// relay's progress. Runs on the loop thread while no batch is in flight.
    private func settleRelay() async throws {
        await awaitPublications()
        try await relayCatchUp()
        flushRelayCursors()
    }

    /// Waits for every publication in flight and takes in their reports.
    private func awaitPublications() async {
        while let delivery = relay.value.oldestPending {
            await delivery.wait()
            collectPublications()
        }
    }

    /// Takes in the publications the broker has answered; failed ones are relayed again from the store.
    private func collectPublications() {
        let failed = relay.value.collect()
        guard !failed.isEmpty else { return }
        logger.warning("publishing after commit failed; will relay from the store", metadata: ["kafka.partitions": "\(failed.sorted())"])
        catchUp.insert(failed)
    }

    private func process(_ batch: Batch) async throws {
        let incoming = batch.incoming
        let dead = batch.dead
        let next = batch.next
        // What earlier batches' publications left, before this batch's events follow them.
        collectPublications()
        try await relayCatchUp()
        let store = EventStore(connection: database.value)
        let group = configuration.deciderGroup
        let topic = configuration.topics.commands
        let published = relay.value.acknowledged
        // The subjects' heads from the cache; the store for the others and for the streams decisions
        // read (a report's consultations), which may belong to other partitions.
        let held = holds.value
        let heldCommands = held.entries.map(\.incoming)
        var heads = cache.heads((heldCommands + incoming).map { ($0.command.streamID, $0.partition) })
        let missing = CommandProcessor.streamsToLoad(for: (heldCommands + incoming).map(\.command)).filter { heads[$0] == nil }
        let invalid = batch.invalid
        let heldStore = HeldCommandStore(connection: database.value)
        let (processor, eventPositions, outcomePositions) = try database.value.transaction { _ in
            let outcomes = try store.outcomes(for: (heldCommands + incoming).map(\.command.id))
            heads.merge(try store.heads(for: missing)) { cached, _ in cached }
            var processor = CommandProcessor(heads: heads, outcomes: outcomes, now: SystemClock.now(), holds: held)
            for item in incoming { processor.process(item) }
            processor.decideHeld()
            let eventPositions = try store.append(processor.events)
            let outcomePositions = try store.record(processor.answers + invalid)
            try store.deadLetter(dead)
            try heldStore.save(group: group, processor.holds.changes)
            try store.saveOffsets(group: group, topic: topic, next: next)
            try store.advanceRelay(feed: .events, to: published[.events] ?? [:])
            try store.advanceRelay(feed: .outcomes, to: published[.outcomes] ?? [:])
            return (processor, eventPositions, outcomePositions)
        }
        relay.value.written()
        holds.value = processor.holds
        holds.value.written()
        metrics.holding(holds.value.count, oldest: holds.value.oldest, now: SystemClock.now())
        let touched = heldCommands + incoming
        cache.store(touched.map { ($0.command.streamID, $0.partition, processor.heads[$0.command.streamID] ?? .empty) })
        var outgoing: [OutgoingMessage] = []
        outgoing.reserveCapacity(processor.events.count + processor.answers.count + dead.count)
        var eventsUpTo: [Int32: Int64] = [:]
        var outcomesUpTo: [Int32: Int64] = [:]
        for var event in processor.events {
            let position = eventPositions[event.recorded.metadata.eventID] ?? 0
            event.recorded.position = position
            outgoing.append(eventMessage(event.recorded, hash: event.hash))
            eventsUpTo[event.partition] = max(eventsUpTo[event.partition] ?? 0, position)
        }
        for answer in processor.answers + invalid {
            outgoing.append(outcomeMessage(answer.outcome))
            if let position = outcomePositions[answer.outcome.commandID], answer.isNew {
                outcomesUpTo[answer.partition] = max(outcomesUpTo[answer.partition] ?? 0, position)
            }
        }
        outgoing.append(contentsOf: dead.map { $0.message(topic: configuration.topics.deadLetters) })
        // Not awaited: the next batch goes on while the broker acknowledges, and the cursors advance only
        // when it has. Its publication is enqueued after this one's, which keeps each partition in order.
        if relay.value.pending.count >= Self.publicationsInFlight, let oldest = relay.value.oldestPending {
            await oldest.wait()
            collectPublications()
        }
        do {
            let delivery = try await producer.enqueue(outgoing)
            relay.value.published(RelayProgress.Publication(
                delivery: delivery, events: eventsUpTo, outcomes: outcomesUpTo, partitions: Set(next.keys)))
        } catch {
            // Committed but not published: the relay publishes it again from the store.
            logger.warning("publishing after commit failed; will relay from the store", metadata: ["error": "\(error)"])
            relay.value.failed(next.keys)
            catchUp.insert(next.keys)
        }
        metrics.decided(batch.messages.count, answers: processor.answers + invalid, events: processor.events.count, deadLetters: dead.count, next: next, since: batch.started)
        if !dead.isEmpty { logger.warning("messages dead-lettered", metadata: ["suivi.deadletters": "\(dead.count)"]) }
        logger.debug("batch committed", metadata: [
            "suivi.batch.size": "\(batch.messages.count)", "suivi.events": "\(processor.events.count)",
        ])
    }

    /// Processes messages one by one; a message whose own transaction the database refuses is kept as a
    /// dead letter (with its offset stored), and the others go on.
    private func processIsolating(_ messages: [KafkaMessage]) async throws {
        logger.warning("isolating the messages of a batch the database keeps refusing", metadata: ["suivi.batch.size": "\(messages.count)"])
        for message in messages {
            do {
                try await process(decode([message]))
            } catch where Self.isDeterministic(error) {
                let letter = deadLetter(message, code: "processing-failed", reason: "the database refused this message's changes: \(error)")
                let store = EventStore(connection: database.value)
                let group = configuration.deciderGroup
                let topic = configuration.topics.commands
                try database.value.transaction { _ in
                    try store.deadLetter([letter])
                    try store.saveOffsets(group: group, topic: topic, next: [message.partition: message.offset + 1])
                }
                logger.error("message dead-lettered after the database refused it", metadata: [
                    "kafka.partition": "\(message.partition)", "kafka.offset": "\(message.offset)", "error": "\(error)",
                ])
            }
        }
    }

    /// True for errors that the same input will cause again (a refused statement), false for lost
    /// connections, conflicts and anything a retry can cure.
    static func isDeterministic(_ error: (any Error)?) -> Bool {
        let postgres = (error as? PostgresError) ?? (error as? StoreError)?.underlying
        guard let postgres, postgres.code == .statementFailed else { return false }
        let transient: Set<String> = ["40001", "40P01", "55P03", "57014", "53300", PostgresError.SQLState.uniqueViolation]
        return !transient.contains(postgres.sqlState ?? "")
    }

    /// Records how far the relay has published when no batch is coming to carry it (idle, or stopping).
    private func flushRelayCursors() {
        let published = relay.value.acknowledged
        guard !(published[.events]?.isEmpty ?? true) || !(published[.outcomes]?.isEmpty ?? true) else { return }
        let store = EventStore(connection: database.value)
        do {
            try store.advanceRelay(feed: .events, to: published[.events] ?? [:])
            try store.advanceRelay(feed: .outcomes, to: published[.outcomes] ?? [:])
            relay.value.written()
        } catch {
            logger.warning("could not record the relay's progress; it will be retried", metadata: ["error": "\(error)"])
        }
    }

    /// Publishes, for each newly assigned partition, what the store holds beyond the relay's cursor.
    private func relayCatchUp() async throws {
        let partitions = catchUp.take()
        guard !partitions.isEmpty else { return }
        do {
            let store = EventStore(connection: database.value)
            let eventCursors = try store.relayCursors(feed: .events)
            let outcomeCursors = try store.relayCursors(feed: .outcomes)
            var total = 0
            let published = relay.value.acknowledged
            for partition in partitions.sorted() {
                var cursor = max(eventCursors[partition] ?? 0, published[.events]?[partition] ?? 0)
                while true {
                    let batch = try store.events(partition: partition, after: cursor)
                    if batch.isEmpty { break }
                    _ = try await producer.send(batch.map { eventMessage($0.event, hash: $0.hash) })
                    cursor = batch.last!.event.position
                    try store.advanceRelay(feed: .events, to: [partition: cursor])
                    total += batch.count
                }
                var outcomeCursor = max(outcomeCursors[partition] ?? 0, published[.outcomes]?[partition] ?? 0)
                while true {
                    let batch = try store.outcomes(partition: partition, after: outcomeCursor)
                    if batch.isEmpty { break }
                    _ = try await producer.send(batch.map { outcomeMessage($0.outcome) })
                    outcomeCursor = batch.last!.position
                    try store.advanceRelay(feed: .outcomes, to: [partition: outcomeCursor])
                    total += batch.count
                }
                relay.value.caughtUp(partition)
            }
            if total > 0 { logger.info("relayed unpublished records from the store", metadata: ["suivi.relayed": "\(total)"]) }
        } catch {
            catchUp.insert(partitions)
            throw error
        }
    }

    private func eventMessage(_ event: RecordedEvent, hash: [UInt8]) -> OutgoingMessage {
        OutgoingMessage(topic: configuration.topics.events, key: Array(event.streamID.utf8),
            value: EventEnvelope.json(event, hash: hash).canonicalBytes)
    }

    private func outcomeMessage(_ outcome: CommandOutcome) -> OutgoingMessage {
        OutgoingMessage(topic: configuration.topics.outcomes, key: Array(outcome.subject.utf8), value: outcome.json.canonicalBytes)
    }

    private func deadLetter(_ message: KafkaMessage, code: String, reason: String) -> DeadLetter {
        DeadLetter(consumer: Self.consumerName, topic: message.topic, partition: message.partition, offset: message.offset,
            key: message.key, value: message.value, reasonCode: code, reason: reason,
            headers: message.headers.map(\.messageHeader))
    }

}
