import SuiviApp
import Logging
import SuiviDomain
import SuiviKafka
import SuiviPostgres
import SuiviStore

/// The decider, as a handler of the ``ConsumerWorker`` engine: decodes commands, decides each batch in
/// one PostgreSQL transaction (events with their hash chain, outcomes, held commands, dead letters and the
/// consumed offsets together), then publishes the new events and outcomes (the relay). What a crash or a
/// failed publication left unpublished is published again from the store (the relay's catch-up).
struct DeciderHandler: ConsumerHandler {
    static let kind = WorkerKind.decider

    private let configuration: SuiviConfiguration
    private let logger: Logger
    private let producer: KafkaProducer
    private let metrics: WorkerMetrics
    private let own: DeciderMetrics
    /// Partitions just assigned or whose publication failed, whose unpublished records must be relayed
    /// from the store before new work.
    private let catchUp = PartitionSet()
    /// Heads of the streams of this decider's partitions, as committed.
    private let cache = StreamHeadCache()
    /// Publications awaiting the broker, and the positions acknowledged, written with the next batch.
    private let relay = Locked(RelayProgress<PendingDelivery>())
    /// Commands held while the streams they read catch up, as committed (see `HeldCommands`).
    private let holds: Locked<HeldCommands>
    /// When the held commands were last decided again.
    private let lastHeldPass = Locked(ContinuousClock.now)
    /// Whether the next batch can be decided ahead, while the one before it commits.
    private let ahead = Locked(DecidingAhead())
    /// Signs checkpoints of the ledger when a key is configured (`SUIVI_CHECKPOINT_KEY_FILE`).
    private let checkpointer: Checkpointer?
    /// Builds and enqueues committed batches' messages in commit order, off the batch thread.
    private let publisher = CommitOrderPublisher(label: "suivi.decider.publisher", limit: Self.publicationsInFlight)
    /// Batches whose publication may await the broker while the next one is decided.
    static let publicationsInFlight = 2

    init(configuration: SuiviConfiguration, metrics: WorkerMetrics, logger: Logger) throws {
        self.configuration = configuration
        self.logger = logger
        self.metrics = metrics
        own = DeciderMetrics(dependencyWaitMicroseconds: configuration.dependencyWaitMicroseconds)
        holds = Locked(HeldCommands(waitMicroseconds: configuration.dependencyWaitMicroseconds))
        producer = try KafkaProducer(configuration: configuration.kafka(clientID: Self.kind.executable), logger: logger)
        checkpointer = try Checkpointer.make(configuration, logger: logger)
    }

    var canIsolate: Bool { true }

    // While commands are held, the loop comes back often to decide them again.
    var pollTimeout: Duration { holds.withLock { $0.isEmpty } ? .milliseconds(250) : .milliseconds(Self.heldRecheckMilliseconds) }

    func assigned(_ partitions: [Int32], _ connection: PostgresConnection) throws -> [Int32: Int64] {
        let group = configuration.deciderGroup
        let stored = try EventStore(connection: connection).offsets(group: group, topic: configuration.topics.commands)
        let held = try HeldCommandStore(connection: connection).held(group: group, partitions: partitions)
        holds.withLock {
            $0.drop(partitions: Set(partitions))
            $0.restore(held)
        }
        if !held.isEmpty { logger.info("held commands restored", metadata: ["suivi.held": "\(held.count)"]) }
        catchUp.insert(partitions)
        cache.drop(partitions)
        ahead.withLock { $0.invalidate() }
        return stored
    }

    func revoked(_ partitions: [Int32]) {
        // What the last batch committed is handed to the producer before its partitions go.
        publisher.drainBlocking()
        holds.withLock { $0.drop(partitions: Set(partitions)) }
        cache.drop(partitions)
        ahead.withLock { $0.invalidate() }
    }

    func idleBatch() -> Batch? {
        // No new command: the held ones are decided again (a stream they read may have changed through
        // another decider, or their wait may be over).
        let now = ContinuousClock.now
        let due = lastHeldPass.withLock { last in
            guard now - last >= .milliseconds(Self.heldRecheckMilliseconds) else { return false }
            last = now
            return true
        }
        guard !holds.withLock({ $0.isEmpty }), due else { return nil }
        return Batch(messages: [], started: ContinuousClock.now)
    }

    func count(_ batch: Batch) -> Int { batch.messages.count }

    /// One transaction a batch: `SUIVI_BATCH_SIZE` messages.
    var pollLimit: Int { configuration.batchSize }

    func commit(_ batch: Batch, _ connection: PostgresConnection) async throws {
        try await process(batch, connection)
    }

    func commitIsolating(_ batch: Batch, _ connection: PostgresConnection) async throws {
        ahead.withLock { $0.invalidate() }
        try await processIsolating(batch.messages, connection)
    }

    func failed() {
        cache.dropAll()
        ahead.withLock { $0.invalidate() }
    }

    /// Decides the batch ahead on the loop thread when it can (``DecidingAhead``): while the batch before
    /// commits, against the heads that batch leaves; otherwise once it has committed. The batch thread
    /// then only checks what the store alone knows and writes.
    func prepare(_ batch: Batch, previousCommitted: Bool) -> Batch {
        var batch = batch
        if let decided = batch.decided, !ahead.withLock({ $0.holds(decided.generation) }) {
            batch.decided = nil  // the batch before did not commit what this one was decided on
        }
        if batch.decided == nil { batch.decided = decideAhead(batch, previousCommitted: previousCommitted) }
        if previousCommitted { ahead.withLock { $0.handedOver(heads: batch.decided?.decisions.heads) } }
        return batch
    }

    /// Decides a batch in memory when nothing its decisions need is known only to the store: no command is
    /// held, none reads another stream. Streams neither in the cache nor left by the batch before are taken
    /// as empty, which the transaction checks.
    private func decideAhead(_ batch: Batch, previousCommitted: Bool) -> Decided? {
        guard !batch.incoming.isEmpty, holds.withLock({ $0.isEmpty }),
            batch.incoming.allSatisfy({ $0.command.referencedStreams.isEmpty }),
            let base = ahead.withLock({ $0.base(previousCommitted: previousCommitted) })
        else { return nil }
        let cached = cache.heads(batch.incoming.map { ($0.command.streamID, $0.partition) })
        var heads: [String: StreamHead] = [:]
        var assumedEmpty: [String] = []
        for item in batch.incoming {
            let stream = item.command.streamID
            guard heads[stream] == nil else { continue }
            if let head = base.overlay[stream] ?? cached[stream] {
                heads[stream] = head
            } else {
                heads[stream] = .empty
                assumedEmpty.append(stream)
            }
        }
        var processor = CommandProcessor(
            heads: heads, outcomes: [:], now: SystemClock.now(),
            holds: HeldCommands(waitMicroseconds: configuration.dependencyWaitMicroseconds),
            capacity: batch.incoming.count)
        for item in batch.incoming { processor.process(item) }
        guard processor.holds.isEmpty else { return nil }
        return Decided(decisions: Decisions(processor), generation: base.generation, assumedEmpty: assumedEmpty)
    }

    /// When idle: waits for the publications in flight, catches up what needs it and records the
    /// relay's progress. Runs on the loop thread while no batch is in flight.
    func idle(_ connection: PostgresConnection) async throws {
        await awaitPublications()
        try await relayCatchUp(connection)
        flushRelayCursors(connection)
        await checkpointer?.tick(connection, producer: producer)
    }

    func stopping(_ connection: PostgresConnection) async {
        await awaitPublications()
        flushRelayCursors(connection)
        producer.close()
    }

    /// How often held commands are decided again while no new command arrives.
    static let heldRecheckMilliseconds = 100

    /// A polled batch, decoded; `messages` are kept for isolating one the database refuses.
    struct Batch: Sendable {
        var messages: [KafkaMessage]
        var incoming: [CommandProcessor.Incoming] = []
        var dead: [DeadLetter] = []
        /// The `invalid` outcomes of dead letters whose id could be read.
        var invalid: [CommandProcessor.Answer] = []
        var next: [Int32: Int64] = [:]
        var started: ContinuousClock.Instant
        /// Its decisions, when made ahead on the loop thread.
        var decided: Decided? = nil
    }

    /// What deciding a batch produced in memory: the events and answers to record, the heads and the held
    /// commands they leave.
    struct Decisions: Sendable {
        var events: [CommandProcessor.NewEvent]
        var answers: [CommandProcessor.Answer]
        var heads: [String: StreamHead]
        var holds: HeldCommands

        init(_ processor: CommandProcessor) {
            events = processor.events
            answers = processor.answers
            heads = processor.heads
            holds = processor.holds
        }
    }

    /// A batch's decisions made ahead, in a ``DecidingAhead`` generation, with the streams they took as empty.
    struct Decided: Sendable {
        var decisions: Decisions
        var generation: Int
        var assumedEmpty: [String]
    }

    /// Decodes a batch: CPU only, so it runs on the loop thread while the previous batch commits. The
    /// decisions wait: they depend on the heads the previous batch leaves.
    func decode(_ messages: [KafkaMessage]) -> Batch {
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

    /// The decided answers and the invalid outcomes of a batch, each partition's in offset order, so that a
    /// subject's outcomes are recorded and published in the order its messages were.
    static func inPartitionOrder(_ decided: [CommandProcessor.Answer], _ invalid: [CommandProcessor.Answer]) -> [CommandProcessor.Answer] {
        guard !invalid.isEmpty else { return decided }
        return (decided + invalid).enumerated().sorted {
            ($0.element.partition, $0.element.offset, $0.offset) < ($1.element.partition, $1.element.offset, $1.offset)
        }.map(\.element)
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

    /// Waits for every publication in flight and takes in their reports.
    private func awaitPublications() async {
        await publisher.drain()
        while let delivery = relay.withLock({ $0.oldestPending }) {
            await delivery.wait()
            collectPublications()
        }
    }

    /// Takes in the publications the broker has answered; failed ones are relayed again from the store.
    private func collectPublications() {
        let failed = relay.withLock { $0.collect() }
        guard !failed.isEmpty else { return }
        logger.warning("publishing after commit failed; will relay from the store", metadata: ["kafka.partitions": "\(failed.sorted())"])
        catchUp.insert(failed)
    }

    private func process(_ batch: Batch, _ connection: PostgresConnection) async throws {
        let incoming = batch.incoming
        let dead = batch.dead
        let next = batch.next
        // What earlier batches' publications left, before this batch's events follow them.
        collectPublications()
        try await relayCatchUp(connection)
        let store = EventStore(connection: connection)
        let group = configuration.deciderGroup
        let topic = configuration.topics.commands
        let published = relay.withLock { $0.acknowledged }
        let held = holds.withLock { $0 }
        let heldCommands = held.entries.map(\.incoming)
        let decidedAhead = batch.decided.flatMap { decided in
            heldCommands.isEmpty && ahead.withLock({ $0.holds(decided.generation) }) ? decided : nil
        }
        let invalid = batch.invalid
        let heldStore = HeldCommandStore(connection: connection)
        var usedAhead = false
        let (decisions, answers, eventPositions, outcomePositions) = try connection.transaction { _ in
            let outcomes = try store.outcomes(for: (heldCommands + incoming).map(\.command.id))
            let decisions: Decisions
            usedAhead = false
            // Decided ahead: valid unless the store knows one of the command ids, or has events in a stream
            // taken as empty (another decider wrote it, or the cache had let it go).
            if let decidedAhead, outcomes.isEmpty, try store.heads(for: decidedAhead.assumedEmpty).isEmpty {
                decisions = decidedAhead.decisions
                usedAhead = true
            } else {
                // The subjects' heads from the cache; the store for the others and for the streams decisions
                // read (a report's consultations), which may belong to other partitions.
                var heads = cache.heads((heldCommands + incoming).map { ($0.command.streamID, $0.partition) })
                let missing = CommandProcessor.streamsToLoad(for: (heldCommands + incoming).map(\.command))
                    .filter { heads[$0] == nil }
                heads.merge(try store.heads(for: missing)) { cached, _ in cached }
                var deciding = CommandProcessor(
                    heads: heads, outcomes: outcomes, now: SystemClock.now(), holds: held,
                    capacity: heldCommands.count + incoming.count)
                for item in incoming { deciding.process(item) }
                deciding.decideHeld()
                decisions = Decisions(deciding)
            }
            let eventPositions = try store.append(decisions.events)
            let answers = Self.inPartitionOrder(decisions.answers, invalid)
            let outcomePositions = try store.record(answers)
            try DeadLetterStore(connection: connection).park(dead)
            try heldStore.save(group: group, decisions.holds.changes)
            try store.saveOffsets(group: group, topic: topic, next: next)
            try store.advanceRelay(feed: .events, to: published[.events] ?? [:])
            try store.advanceRelay(feed: .outcomes, to: published[.outcomes] ?? [:])
            return (decisions, answers, eventPositions, outcomePositions)
        }
        // The next batch may have been decided on what this one's decisions made ahead leave.
        if batch.decided != nil && !usedAhead { ahead.withLock { $0.invalidate() } }
        relay.withLock { $0.written(published) }
        let (heldCount, heldOldest) = holds.withLock { holds in
            holds = decisions.holds
            holds.written()
            return (holds.count, holds.oldest)
        }
        own.holding(heldCount, oldest: heldOldest, now: SystemClock.now())
        let touched = heldCommands + incoming
        cache.store(touched.map { ($0.command.streamID, $0.partition, decisions.heads[$0.command.streamID] ?? .empty) })
        // Off the batch thread, in commit order: the next transaction goes on while this batch's messages
        // are built and handed to the producer.
        // Every partition the batch publishes to, not only those it read: held commands decided in it carry
        // their own partitions, and a failed publication must hold back the cursors of all of them.
        var partitions = Set(next.keys)
        partitions.formUnion(decisions.events.map(\.partition))
        partitions.formUnion(answers.map(\.partition))
        partitions.formUnion(dead.map(\.partition))
        let publication = CommittedBatch(
            events: decisions.events, eventPositions: eventPositions, answers: answers,
            outcomePositions: outcomePositions, dead: dead, partitions: partitions)
        let handler = self
        await publisher.submit { await handler.publish(publication) }
        checkpointer?.committed(decisions.events.count)
        await checkpointer?.tick(connection, producer: producer)
        own.decided(answers, events: decisions.events.count)
        metrics.committed(batch.messages.count, deadLetters: dead.count, next: next, since: batch.started)
        if !dead.isEmpty { logger.warning("messages dead-lettered", metadata: ["suivi.deadletters": "\(dead.count)"]) }
        logger.debug("batch committed", metadata: [
            "suivi.batch.size": "\(batch.messages.count)", "suivi.events": "\(decisions.events.count)",
        ])
    }

    /// What a committed batch publishes: its events and outcomes with their positions in the store, and its
    /// dead letters.
    struct CommittedBatch: Sendable {
        var events: [CommandProcessor.NewEvent]
        var eventPositions: [String: Int64]
        var answers: [CommandProcessor.Answer]
        var outcomePositions: [String: Int64]
        var dead: [DeadLetter]
        /// Every partition the batch read or publishes to (its events, outcomes and dead letters).
        var partitions: Set<Int32>
    }

    /// Builds a committed batch's messages and hands them to the producer, on the publisher's thread.
    private func publish(_ publication: CommittedBatch) async {
        var outgoing: [OutgoingMessage] = []
        outgoing.reserveCapacity(publication.events.count + publication.answers.count + publication.dead.count)
        var eventsUpTo: [Int32: Int64] = [:]
        var outcomesUpTo: [Int32: Int64] = [:]
        for var event in publication.events {
            let position = publication.eventPositions[event.recorded.metadata.eventID] ?? 0
            event.recorded.position = position
            outgoing.append(eventMessage(event.recorded, hash: event.hash, data: event.data))
            eventsUpTo[event.partition] = max(eventsUpTo[event.partition] ?? 0, position)
        }
        for answer in publication.answers {
            outgoing.append(outcomeMessage(answer.outcome))
            if let position = publication.outcomePositions[answer.outcome.commandID], answer.isNew {
                outcomesUpTo[answer.partition] = max(outcomesUpTo[answer.partition] ?? 0, position)
            }
        }
        outgoing.append(contentsOf: publication.dead.map { $0.message(topic: configuration.topics.deadLetters) })
        // Not awaited: the next batch goes on while the broker acknowledges, and the cursors advance only
        // when it has. Its publication is enqueued after this one's, which keeps each partition in order.
        if let oldest = relay.withLock({ $0.pending.count >= Self.publicationsInFlight ? $0.oldestPending : nil }) {
            await oldest.wait()
            collectPublications()
        }
        do {
            let delivery = try await producer.enqueue(outgoing)
            let pending = RelayProgress<PendingDelivery>.Publication(
                delivery: delivery, events: eventsUpTo, outcomes: outcomesUpTo, partitions: publication.partitions)
            relay.withLock { $0.published(pending) }
        } catch {
            // Committed but not published: the relay publishes it again from the store.
            logger.warning("publishing after commit failed; will relay from the store", metadata: ["error": "\(error)"])
            relay.withLock { $0.failed(publication.partitions) }
            catchUp.insert(publication.partitions)
        }
    }

    /// Processes messages one by one; a message whose own transaction the database refuses is kept as a
    /// dead letter (with its offset stored), and the others go on.
    private func processIsolating(_ messages: [KafkaMessage], _ connection: PostgresConnection) async throws {
        for message in messages {
            do {
                try await process(decode([message]), connection)
            } catch where ConsumerWorker<Self>.isDeterministic(error) {
                let letter = deadLetter(message, code: "processing-failed", reason: "the database refused this message's changes: \(error)")
                let store = EventStore(connection: connection)
                let group = configuration.deciderGroup
                let topic = configuration.topics.commands
                try connection.transaction { _ in
                    try DeadLetterStore(connection: connection).park([letter])
                    try store.saveOffsets(group: group, topic: topic, next: [message.partition: message.offset + 1])
                }
                logger.error("message dead-lettered after the database refused it", metadata: [
                    "kafka.partition": "\(message.partition)", "kafka.offset": "\(message.offset)", "error": "\(error)",
                ])
            }
        }
    }

    /// Records how far the relay has published when no batch is coming to carry it (idle, or stopping).
    private func flushRelayCursors(_ connection: PostgresConnection) {
        let published = relay.withLock { $0.acknowledged }
        guard !(published[.events]?.isEmpty ?? true) || !(published[.outcomes]?.isEmpty ?? true) else { return }
        let store = EventStore(connection: connection)
        do {
            try store.advanceRelay(feed: .events, to: published[.events] ?? [:])
            try store.advanceRelay(feed: .outcomes, to: published[.outcomes] ?? [:])
            relay.withLock { $0.written(published) }
        } catch {
            logger.warning("could not record the relay's progress; it will be retried", metadata: ["error": "\(error)"])
        }
    }

    /// Publishes, for each newly assigned partition, what the store holds beyond the relay's cursor.
    private func relayCatchUp(_ connection: PostgresConnection) async throws {
        // Earlier batches' messages go first: nothing is enqueued after what the catch-up publishes. Taken
        // before the drain, so that a partition the publisher thread adds meanwhile waits for the next pass
        // instead of being published beside a publication still enqueuing.
        let partitions = catchUp.take()
        guard !partitions.isEmpty else { return }
        await publisher.drain()
        do {
            let store = EventStore(connection: connection)
            let eventCursors = try store.relayCursors(feed: .events)
            let outcomeCursors = try store.relayCursors(feed: .outcomes)
            var total = 0
            let published = relay.withLock { $0.acknowledged }
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
                relay.withLock { $0.caughtUp(partition) }
            }
            if total > 0 { logger.info("relayed unpublished records from the store", metadata: ["suivi.relayed": "\(total)"]) }
        } catch {
            catchUp.insert(partitions)
            throw error
        }
    }

    private func eventMessage(_ event: RecordedEvent, hash: [UInt8], data: [UInt8]? = nil) -> OutgoingMessage {
        OutgoingMessage(topic: configuration.topics.events, key: Array(event.streamID.utf8),
            value: EventEnvelope.bytes(event, hash: hash, data: data))
    }

    private func outcomeMessage(_ outcome: CommandOutcome) -> OutgoingMessage {
        // An invalid message whose subject could not be read has no key.
        OutgoingMessage(
            topic: configuration.topics.outcomes, key: outcome.subject.isEmpty ? nil : Array(outcome.subject.utf8),
            value: outcome.canonicalBytes)
    }

    private func deadLetter(_ message: KafkaMessage, code: String, reason: String) -> DeadLetter {
        DeadLetter(consumer: Self.kind.consumerName, topic: message.topic, partition: message.partition, offset: message.offset,
            key: message.key, value: message.value, reasonCode: code, reason: reason,
            headers: message.headers.map(\.messageHeader))
    }

}
