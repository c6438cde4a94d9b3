public import SuiviDomain

/// Decides a batch of commands in order against the streams' current heads, in memory: idempotency
/// (earlier outcomes, and repeats inside the batch), the decider, event metadata and the hash chain.
/// It does no I/O; the decider worker loads its inputs and writes its results in one transaction.
public struct CommandProcessor {
    /// A command and where it was read from.
    public struct Incoming: Sendable, Hashable {
        public var command: Command
        public var partition: Int32
        public var offset: Int64
        /// The message's timestamp (milliseconds since the epoch), which orders a batch across partitions.
        public var timestamp: Int64?

        public init(command: Command, partition: Int32, offset: Int64, timestamp: Int64? = nil) {
            self.command = command
            self.partition = partition
            self.offset = offset
            self.timestamp = timestamp
        }
    }

    /// An event to append, with its chain link and the partition whose relay publishes it.
    public struct NewEvent: Sendable {
        public var recorded: RecordedEvent
        public var previousHash: [UInt8]?
        public var hash: [UInt8]
        public var partition: Int32
        /// The event's data in canonical bytes, written once for its hash, its row and its message.
        public var data: [UInt8]
    }

    /// An outcome to record (new) or only to publish again (a duplicate's answer).
    public struct Answer: Sendable {
        public var outcome: CommandOutcome
        public var fingerprint: [UInt8]
        public var occurredAt: Timestamp
        public var partition: Int32
        public var offset: Int64
        /// False for duplicates and id conflicts: they are answered, not stored again.
        public var isNew: Bool

        public init(
            outcome: CommandOutcome, fingerprint: [UInt8], occurredAt: Timestamp, partition: Int32, offset: Int64, isNew: Bool
        ) {
            self.outcome = outcome
            self.fingerprint = fingerprint
            self.occurredAt = occurredAt
            self.partition = partition
            self.offset = offset
            self.isNew = isNew
        }
    }

    public private(set) var heads: [String: StreamHead]
    public private(set) var events: [NewEvent] = []
    public private(set) var answers: [Answer] = []
    /// The commands held back after this batch (see ``HeldCommands``).
    public private(set) var holds: HeldCommands
    private var known: [String: StoredOutcome]
    private let now: Timestamp
    private let referenceData: ReferenceData

    /// - Parameters:
    ///   - heads: the current head of every stream the batch touches or reads (absent means empty): each
    ///     command's subject and its ``SuiviDomain/Command/referencedStreams``.
    ///   - outcomes: the stored outcomes of the batch's command ids.
    ///   - now: the recording time of this batch.
    ///   - referenceData: the configured reference data (regions).
    ///   - holds: the commands held by earlier batches; with a zero wait (the default) nothing is held.
    ///   - capacity: how many commands are about to be decided, so that the outcomes of the batch are kept
    ///     without growing their table as they come.
    public init(
        heads: [String: StreamHead], outcomes: [String: StoredOutcome], now: Timestamp,
        referenceData: ReferenceData = .standard, holds: HeldCommands = HeldCommands(waitMicroseconds: 0),
        capacity: Int = 0
    ) {
        self.heads = heads
        self.known = outcomes
        known.reserveCapacity(outcomes.count + capacity)
        self.now = now
        self.referenceData = referenceData
        self.holds = holds
    }

    /// The streams whose heads a batch of commands needs: their subjects and the streams they reference.
    public static func streamsToLoad(for commands: some Sequence<Command>) -> [String] {
        var streams: Set<String> = []
        for command in commands {
            streams.insert(command.streamID)
            streams.formUnion(command.referencedStreams)
        }
        return streams.sorted()
    }

    /// The commands of a batch in the order to decide them: each partition's own order kept, partitions
    /// interleaved by message timestamp (Kafka Streams' stream-time order), so that a command is decided
    /// after what one producer published before it on other partitions of the same batch.
    public static func causalOrder(_ items: [Incoming]) -> [Incoming] {
        var lanes: [Int32: ArraySlice<Incoming>] = [:]
        var partitions: [Int32] = []
        for item in items {
            if lanes[item.partition] == nil { partitions.append(item.partition) }
            lanes[item.partition, default: []].append(item)
        }
        guard partitions.count > 1 else { return items }
        var ordered: [Incoming] = []
        ordered.reserveCapacity(items.count)
        while true {
            var best: (partition: Int32, timestamp: Int64)? = nil
            for partition in partitions {
                guard let head = lanes[partition]?.first else { continue }
                let time = head.timestamp ?? Int64.min
                if best == nil || time < best!.timestamp { best = (partition, time) }
            }
            guard let best else { break }
            ordered.append(lanes[best.partition]!.removeFirst())
        }
        return ordered
    }

    /// Decides one command, reading the streams it references from ``heads`` (so that events decided
    /// earlier in the same batch are seen). A command of a stream that has held commands waits behind
    /// them; a command refused only because another stream has not reached the state it needs is held
    /// while its wait lasts (see ``HeldCommands``).
    public mutating func process(_ incoming: Incoming) {
        if holds.isHolding(incoming.command.streamID) {
            holds.hold(incoming, since: now)
        } else if !decide(incoming, since: now) {
            holds.hold(incoming, since: now)
        }
    }

    /// Decides again the first held command of each stream, and those behind it that can follow, against
    /// the heads as they are now (the streams they read may have changed). Call it after the batch's own
    /// commands, and in a batch of no commands when held ones wait.
    public mutating func decideHeld() {
        for stream in holds.streams {
            while let entry = holds.release(first: stream) {
                if !decide(entry.incoming, since: entry.since) {
                    holds.holdAgain(entry)
                    break
                }
            }
        }
    }

    /// Decides a command unless it should wait; returns false when it waits (nothing recorded).
    private mutating func decide(_ incoming: Incoming, since: Timestamp) -> Bool {
        var referenced: [String: AggregateState] = [:]
        for stream in incoming.command.referencedStreams { referenced[stream] = heads[stream]?.state }
        let context = DecisionContext(referenced: referenced, referenceData: referenceData)
        let mayWait = !incoming.command.referencedStreams.isEmpty && holds.mayWait(since: since, now: now)
        return process(incoming, context: context, mayWait: mayWait)
    }

    /// Decides one command with an explicit context, never holding it.
    public mutating func process(_ incoming: Incoming, context: DecisionContext) {
        _ = process(incoming, context: context, mayWait: false)
    }

    /// Decides one command with an explicit context; returns false, recording nothing, when `mayWait` and
    /// the command is refused only for the state of other streams.
    private mutating func process(_ incoming: Incoming, context: DecisionContext, mayWait: Bool) -> Bool {
        let command = incoming.command
        let fingerprint = EventHash.sha256(command.canonicalBytes)
        if let earlier = known[command.id] {
            var outcome = earlier.outcome
            if earlier.fingerprint == fingerprint {
                outcome.duplicate = true
            } else {
                outcome = CommandOutcome(
                    commandID: command.id, commandType: command.envelope.type.rawValue, subject: command.streamID,
                    status: .rejected, eventIDs: [],
                    reasons: [Rejection(.duplicateConflict,
                        "command id \(command.id) was already used for a different message; give each new command a new id")],
                    recordedAt: now, duplicate: true)
            }
            outcome.commandType = command.envelope.typeName
            outcome.source = command.envelope.source
            outcome.traceparent = command.envelope.traceparent
            answers.append(Answer(outcome: outcome, fingerprint: fingerprint, occurredAt: command.envelope.time,
                partition: incoming.partition, offset: incoming.offset, isNew: false))
            return true
        }
        // The stream's head is found once and moved out of `heads` (an empty head left in its place) while
        // the command is decided, then moved back: the decision reads it and the events evolve it without
        // copying its sets, and without hashing the stream's id again. A stream first written here is
        // added only when the command is accepted.
        let slot = heads.index(forKey: command.streamID)
        var head = StreamHead.empty
        if let slot { swap(&head, &heads.values[slot]) }
        var evolved = false
        defer {
            if let slot {
                swap(&head, &heads.values[slot])
            } else if evolved {
                heads[command.streamID] = head
            }
        }
        let decision = Decide.decide(command, state: head.state, context: context)
        let outcome: CommandOutcome
        switch decision {
        case .rejected(let reasons)
        where mayWait && reasons.contains(where: \.dependsOnOtherStreams):
            return false
        case .rejected(let reasons):
            outcome = CommandOutcome(
                commandID: command.id, commandType: command.envelope.typeName, subject: command.streamID,
                status: .rejected, eventIDs: [], reasons: reasons, recordedAt: now, source: command.envelope.source,
                traceparent: command.envelope.traceparent)
        case .accepted(let decided):
            var hash = head.lastHash
            var ids: [String] = []
            ids.reserveCapacity(decided.count)
            for (index, event) in decided.enumerated() {
                let eventID = EventHash.uuid("suivi-event:\(command.id):\(index)")
                head.state.apply(event)
                let recorded = RecordedEvent(
                    streamID: command.streamID, aggregate: event.aggregate, version: head.state.version,
                    position: 0, event: event,
                    metadata: EventMetadata(
                        eventID: eventID, commandID: command.id, actor: command.envelope.actor,
                        actorRole: command.envelope.actorRole, onBehalfOf: command.envelope.onBehalfOf,
                        occurredAt: command.envelope.time, recordedAt: now, consentID: event.consentID))
                let data = event.dataBytes
                let link = EventHash.compute(previous: hash, event: recorded, data: data)
                events.append(NewEvent(
                    recorded: recorded, previousHash: hash, hash: link, partition: incoming.partition, data: data))
                hash = link
                ids.append(eventID)
            }
            head.lastHash = hash
            evolved = true
            outcome = CommandOutcome(
                commandID: command.id, commandType: command.envelope.typeName, subject: command.streamID,
                status: .accepted, eventIDs: ids, reasons: [], recordedAt: now, source: command.envelope.source,
                traceparent: command.envelope.traceparent)
        }
        known[command.id] = StoredOutcome(outcome: outcome, fingerprint: fingerprint)
        answers.append(Answer(outcome: outcome, fingerprint: fingerprint, occurredAt: command.envelope.time,
            partition: incoming.partition, offset: incoming.offset, isNew: true))
        return true
    }
}

/// An outcome as stored, with the fingerprint of the message that produced it.
public struct StoredOutcome: Sendable, Hashable {
    public var outcome: CommandOutcome
    public var fingerprint: [UInt8]

    public init(outcome: CommandOutcome, fingerprint: [UInt8]) {
        self.outcome = outcome
        self.fingerprint = fingerprint
    }
}
