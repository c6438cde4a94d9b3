public import SuiviApp
public import Logging
internal import SuiviDomain
internal import SuiviKafka
internal import SuiviPostgres
internal import SuiviStore

/// Rebuilds the read models into a shadow schema while the live projector keeps serving, then swaps the
/// shadow in (or compares it with the live read models).
///
/// Each chunk of events is applied in its own transaction together with the rebuild's progress, so a
/// cancelled or crashed rebuild resumes where it stopped. The swap takes the projector's swap lock,
/// brings the shadow up to everything the live projector has applied, gives it the live offsets and
/// renames the schemas, all in one transaction: the projector's next batch writes to the new schema.
/// Events the shadow already holds and the projector delivers again are skipped by stream version.
public final class ReadModelRebuilder {
    private let configuration: SuiviConfiguration
    private let logger: Logger
    private let connection: PostgresConnection
    private let progress: (RebuildProgress) -> Void
    private let clock = ContinuousClock()

    public init(configuration: SuiviConfiguration, logger: Logger, progress: @escaping (RebuildProgress) -> Void) throws {
        self.configuration = configuration
        self.logger = logger
        self.progress = progress
        connection = try Connections.database(configuration, applicationName: "suivi-rebuild", logger: logger)
        try OperatorRole.assume(on: connection)
    }

    deinit { connection.close() }

    /// Runs the rebuild; `shouldStop` is polled between chunks (a cancelled rebuild can be resumed).
    public func run(_ options: RebuildOptions, shouldStop: @escaping () -> Bool = { false }) throws -> RebuildReport {
        let started = clock.now
        let shadow = ShadowSchema(connection: connection)
        var state: ShadowSchema.Progress
        if options.resume, let saved = try shadow.progress() {
            guard saved.source == options.source.rawValue else {
                throw OperationFailure(.usage, "the shadow being resumed was built from the \(saved.source), not the \(options.source.rawValue); resume with --source \(saved.source) or start afresh without --resume")
            }
            state = saved
            logger.info("resuming rebuild", metadata: ["suivi.rebuild.events": "\(saved.events)"])
        } else {
            try shadow.create(source: options.source.rawValue)
            state = ShadowSchema.Progress(source: options.source.rawValue, position: 0, offsets: [:], events: 0)
            if let position = options.fromPosition { state.position = position }
            if let time = options.fromTime {
                state.position = max(state.position, try EventStore(connection: connection).lastPosition(recordedAtOrBefore: time))
            }
            if options.source == .store {
                // What the store holds now is read stream by stream; what arrives meanwhile, in position order.
                let through = try EventStore(connection: connection).lastPosition()
                if through > state.position { state.bulk = ShadowSchema.Bulk(through: through) }
                try shadow.save(state)
            }
        }
        var report = RebuildReport(source: options.source, events: 0, seconds: 0, swapped: false, retiredSchema: nil,
            tablesCompared: 0, differences: [], cancelled: false)
        let initialEvents = state.events

        switch options.source {
        case .store: try fillFromStore(&state, options: options, started: started, shouldStop: shouldStop)
        case .topic: try fillFromTopic(&state, options: options, started: started, shouldStop: shouldStop)
        }
        if shouldStop() {
            report.cancelled = true
            report.events = state.events - initialEvents
            report.seconds = seconds(since: started)
            return report
        }

        if !options.verify {
            // Built now, outside the swap lock, so that the live projector waits only for the final catch-up.
            try connection.transaction { _ in try shadow.createDeferredIndexes() }
        }

        // Final catch-up, under the swap lock, to everything the live projector has applied.
        try connection.transaction { _ in
            try shadow.lockLiveProjector()
            switch options.source {
            case .store: try fillFromStore(&state, options: options, started: started, shouldStop: { false }, inTransaction: true)
            case .topic: try catchUpFromTopic(&state, started: started)
            }
            if options.fromPosition == nil && options.fromTime == nil { try applyStreamsBehind(shadow, state: &state) }
            try shadow.adoptLiveOffsets()
            if options.verify {
                let comparison = try shadow.compare()
                report.tablesCompared = comparison.tables
                report.differences = comparison.differences.map { ($0.table, $0.liveRows, $0.shadowRows, $0.keys) }
            } else {
                report.retiredSchema = try shadow.swap(keepRetired: options.keepRetired, suffix: String(SystemClock.now().microseconds / 1_000_000))
                report.swapped = true
            }
        }
        if options.verify { try shadow.drop() }
        report.events = state.events - initialEvents
        report.seconds = seconds(since: started)
        return report
    }

    /// Applies, in the swap transaction, the events of streams the shadow holds fewer of than the store.
    ///
    /// Reading in position order can miss events: two deciders (other partitions) take positions when
    /// they insert, and the one with the lower positions may commit after the higher ones were read.
    /// The live projector, paused by the swap lock, may already have applied such events, and the
    /// shadow takes its offsets, so nothing would bring them later. Each stream's latest version in the
    /// store is therefore compared with the shadow's (one scan of the store, under the lock).
    /// Not for `--from-position` or `--from-time`, which leave earlier events out on purpose.
    private func applyStreamsBehind(_ shadow: ShadowSchema, state: inout ShadowSchema.Progress) throws {
        let readModels = shadow.readModels
        let gaps = try readModels.streamsBehindStore()
        guard !gaps.isEmpty else { return }
        let events = try EventStore(connection: connection).events(in: gaps)
        guard !events.isEmpty else { return }
        let applied = try readModels.apply(events)
        try readModels.recordStats(group: configuration.projectorGroup, applied)
        state.events += Int64(events.count)
        try shadow.save(state)
        logger.warning("events committed out of position order were applied in the final catch-up", metadata: [
            "suivi.rebuild.events": "\(events.count)", "suivi.streams": "\(gaps.count)",
        ])
    }

    /// Events in the first chunk read ahead: the applier waits for it, so it is kept small.
    private static let firstChunk = 1_000

    // MARK: - Store source

    private func fillFromStore(
        _ state: inout ShadowSchema.Progress, options: RebuildOptions, started: ContinuousClock.Instant,
        shouldStop: () -> Bool, inTransaction: Bool = false
    ) throws {
        if !inTransaction, state.bulk != nil {
            try fillInStreamOrder(&state, options: options, started: started, shouldStop: shouldStop)
            guard !shouldStop() else { return }
        }
        let store = EventStore(connection: connection)
        let shadow = ShadowSchema(connection: connection)
        let total = try store.lastPosition()
        if inTransaction {
            // The final catch-up: a few events, read in the swap transaction itself.
            while true {
                let chunk = try store.events(after: state.position, limit: options.chunkSize).map(\.event)
                guard !chunk.isEmpty else { break }
                try applyChunk(chunk, to: shadow, state: &state)
                progress(RebuildProgress(phase: "catching up", done: state.position, total: max(total, state.position),
                    elapsedSeconds: seconds(since: started)))
            }
            return
        }
        // Chunk n+1 is read and decoded on a second connection, on a thread of its own, while chunk n is applied.
        let reader = try ReadAhead<[RecordedEvent]>(label: "rebuild reader") { [configuration, logger, position = state.position,
            limit = options.chunkSize] (sink: ReadAhead<[RecordedEvent]>.Sink) in
            let readConnection = try PostgresConnection(
                connectionString: configuration.databaseURL, applicationName: "suivi-rebuild-reader",
                password: configuration.databasePassword, logger: logger)
            defer { readConnection.close() }
            let store = EventStore(connection: readConnection)
            var position = position
            // The first chunk is small: nothing is applied until it arrives.
            var size = min(limit, Self.firstChunk)
            while !sink.stopped {
                let chunk = try store.events(after: position, limit: size)
                guard let last = chunk.last else { return }
                position = last.event.position
                guard sink.emit(chunk.map(\.event)) else { return }
                size = limit
            }
        }
        defer { reader.stop() }
        while !shouldStop(), let chunk = try reader.next() {
            try connection.transaction { _ in try applyChunk(chunk, to: shadow, state: &state) }
            progress(RebuildProgress(phase: "store", done: state.position, total: max(total, state.position),
                elapsedSeconds: seconds(since: started)))
        }
    }

    /// Applies the store's events up to `state.bulk.through` in stream and version order, each chunk whole
    /// streams (``StreamChunker``) so that the rows a stream folds into are written once, not once per
    /// chunk of the store's order as a reader in position order must. Then moves `state.position` to
    /// `through`: the events committed since are read in position order by the caller.
    ///
    /// Nothing is missed by reading in this order: since migration 10 an append holds the ledger head's
    /// lock until it commits, so every position up to `through` was committed when `through` was read;
    /// a writer that bypasses that lock is caught by the completeness check in the swap transaction.
    private func fillInStreamOrder(
        _ state: inout ShadowSchema.Progress, options: RebuildOptions, started: ContinuousClock.Instant,
        shouldStop: () -> Bool
    ) throws {
        guard let bulk = state.bulk else { return }
        let shadow = ShadowSchema(connection: connection)
        let positions = (after: state.position, through: bulk.through)
        let reader = try ReadAhead<[RecordedEvent]>(label: "rebuild reader") { [configuration, logger, from = bulk.applied,
            limit = options.chunkSize] (sink: ReadAhead<[RecordedEvent]>.Sink) in
            let readConnection = try PostgresConnection(
                connectionString: configuration.databaseURL, applicationName: "suivi-rebuild-reader",
                password: configuration.databasePassword, logger: logger)
            defer { readConnection.close() }
            let store = EventStore(connection: readConnection)
            var cursor = from
            var chunker = StreamChunker()
            // The first page is small: nothing is applied until it arrives.
            var size = min(limit, Self.firstChunk)
            while !sink.stopped {
                let page = try store.events(inStreamOrderAfter: cursor, positions: positions, limit: size)
                if let last = page.last { cursor = EventStore.StreamCursor(streamID: last.streamID, version: last.version) }
                if let chunk = chunker.chunk(after: page, limit: size) { guard sink.emit(chunk) else { return } }
                guard page.count >= size else { break }
                size = limit
            }
            if let rest = chunker.finish() { _ = sink.emit(rest) }
        }
        defer { reader.stop() }
        let total = bulk.through - positions.after
        while !shouldStop(), let chunk = try reader.next() {
            try connection.transaction { _ in
                guard let last = chunk.last else { return }
                var next = state
                next.bulk?.applied = EventStore.StreamCursor(streamID: last.streamID, version: last.version)
                try applyChunk(chunk, to: shadow, state: &next)
                state = next
            }
            progress(RebuildProgress(phase: "store", done: min(state.events, total), total: total,
                elapsedSeconds: seconds(since: started)))
        }
        guard !shouldStop() else { return }
        var next = state
        next.position = bulk.through
        next.bulk = nil
        try shadow.save(next)
        state = next
    }

    /// Applies one chunk of store events and records the progress past it (in the caller's transaction).
    private func applyChunk(_ chunk: [RecordedEvent], to shadow: ShadowSchema, state: inout ShadowSchema.Progress) throws {
        guard let last = chunk.last else { return }
        var next = state
        // Read in stream order, the chunk's positions are not the store's order: the position moves once its bulk is in.
        if next.bulk == nil { next.position = last.position }
        next.events += Int64(chunk.count)
        let readModels = shadow.readModels
        // The statistics travel with the read models: after a swap they count what these tables hold.
        try readModels.recordStats(group: configuration.projectorGroup, try readModels.apply(chunk))
        try shadow.save(next)
        state = next
    }

    // MARK: - Topic source

    private static func topicConsumer(
        configuration: SuiviConfiguration, logger: Logger, from offsets: [Int32: Int64]
    ) throws -> (KafkaConsumer, Int) {
        let kafka = configuration.kafka(clientID: "suivi-rebuild")
        let admin = try KafkaAdmin(configuration: kafka, logger: logger)
        try admin.checkConnection(timeout: .seconds(5))
        let topic = configuration.topics.events
        guard let partitions = try admin.partitionCount(topic: topic) else {
            throw OperationFailure(.configuration, "the events topic \(topic) does not exist; check SUIVI_TOPIC_EVENTS")
        }
        let consumer = try KafkaConsumer(configuration: kafka, groupID: "suivi-rebuild-\(SystemClock.now().microseconds)", logger: logger)
        try consumer.assign((0..<Int32(partitions)).map { partition in
            TopicPartitionOffset(topic: topic, partition: partition, offset: offsets[partition] ?? TopicPartitionOffset.beginning)
        })
        return (consumer, partitions)
    }

    private func fillFromTopic(
        _ state: inout ShadowSchema.Progress, options: RebuildOptions, started: ContinuousClock.Instant, shouldStop: () -> Bool
    ) throws {
        let shadow = ShadowSchema(connection: connection)
        let readModels = shadow.readModels
        let total = try EventStore(connection: connection).lastPosition()
        // The next batch is polled and decoded on a thread of its own while the current one is applied.
        let reader = try ReadAhead<TopicChunk>(label: "rebuild topic reader") { [configuration, logger, offsets = state.offsets,
            limit = options.chunkSize] (sink: ReadAhead<TopicChunk>.Sink) in
            let (consumer, _) = try Self.topicConsumer(configuration: configuration, logger: logger, from: offsets)
            defer { consumer.close() }
            let clock = ContinuousClock()
            var idle = clock.now
            var size = min(limit, Self.firstChunk)
            while !sink.stopped {
                let messages = try consumer.poll(maxMessages: size, timeout: .milliseconds(500))
                if messages.isEmpty {
                    // The end of the topic: nothing more for a while (watermarks are not trusted: Tansu misreports them).
                    if clock.now - idle > .seconds(2) { return }
                    continue
                }
                guard sink.emit(TopicChunk(messages, logger: logger)) else { return }
                idle = clock.now
                size = limit
            }
        }
        defer { reader.stop() }
        while !shouldStop(), let chunk = try reader.next() {
            try connection.transaction { _ in
                try apply(chunk, to: readModels, state: &state)
                try shadow.save(state)
            }
            progress(RebuildProgress(phase: "topic", done: state.events, total: max(total, state.events), elapsedSeconds: seconds(since: started)))
        }
    }

    /// Under the swap lock: reads each partition up to the live projector's offset.
    private func catchUpFromTopic(_ state: inout ShadowSchema.Progress, started: ContinuousClock.Instant) throws {
        let shadow = ShadowSchema(connection: connection)
        let live = try shadow.liveOffsets(group: configuration.projectorGroup, topic: configuration.topics.events)
        let behind = live.filter { partition, offset in (state.offsets[partition] ?? 0) < offset }
        guard !behind.isEmpty else { return }
        let (consumer, _) = try Self.topicConsumer(configuration: configuration, logger: logger, from: state.offsets)
        defer { consumer.close() }
        var idle = clock.now
        while behind.contains(where: { partition, offset in (state.offsets[partition] ?? 0) < offset }) {
            guard clock.now - idle < .seconds(5) else {
                let lagging = behind.keys.sorted().filter { (state.offsets[$0] ?? 0) < behind[$0]! }
                    .map { "partition \($0): topic ends at \(state.offsets[$0] ?? 0), projector at \(behind[$0]!)" }
                throw OperationFailure(.checkFailed, """
                    the events topic holds less than the live projector has applied (\(lagging.joined(separator: "; "))): \
                    the broker has probably lost its log; nothing was swapped. Rebuild from the store (--source store), \
                    or refill the topic first with `suivi relay republish`
                    """)
            }
            let messages = try consumer.poll(maxMessages: 10_000, timeout: .milliseconds(500))
                .filter { message in (live[message.partition] ?? 0) > message.offset }
            if !messages.isEmpty { idle = clock.now }
            try apply(TopicChunk(messages, logger: logger), to: shadow.readModels, state: &state)
        }
        try shadow.save(state)
        progress(RebuildProgress(phase: "catching up", done: state.events, total: state.events, elapsedSeconds: seconds(since: started)))
    }

    /// Applies a batch of topic messages and moves the offsets past them (in the caller's transaction).
    private func apply(_ chunk: TopicChunk, to readModels: ReadModelStore, state: inout ShadowSchema.Progress) throws {
        for (partition, next) in chunk.nextOffsets { state.offsets[partition] = max(state.offsets[partition] ?? 0, next) }
        // A topic can hold an event after its successors (the relay's copy after a failed publication):
        // the store fills such gaps, as it does for the live projector.
        let applied = try readModels.apply(chunk.events, gapsFrom: EventStore(connection: readModels.connection))
        try readModels.recordStats(group: configuration.projectorGroup, applied)
        state.events += Int64(chunk.messages)
    }

    private func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = clock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}

/// A batch of messages from the events topic, decoded.
private struct TopicChunk: Sendable {
    var events: [RecordedEvent] = []
    /// The offset after the last message per partition.
    var nextOffsets: [Int32: Int64] = [:]
    var messages = 0

    /// Decodes the messages; an undecodable one is logged and skipped (its offset still counts).
    init(_ messages: [KafkaMessage], logger: Logger) {
        self.messages = messages.count
        events.reserveCapacity(messages.count)
        for message in messages {
            nextOffsets[message.partition] = max(nextOffsets[message.partition] ?? 0, message.offset + 1)
            switch EventEnvelope.decode(message.value) {
            case .success(let event): events.append(event)
            case .failure(let failure):
                logger.warning("skipping an undecodable event message during rebuild", metadata: [
                    "kafka.partition": "\(message.partition)", "kafka.offset": "\(message.offset)", "error": "\(failure)",
                ])
            }
        }
    }
}
