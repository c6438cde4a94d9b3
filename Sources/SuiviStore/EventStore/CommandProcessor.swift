public import SuiviDomain

/// Decides a batch of commands in order against the streams' current heads, in memory: idempotency
/// (earlier outcomes, and repeats inside the batch), the decider, event metadata and the hash chain.
/// It does no I/O; the decider worker loads its inputs and writes its results in one transaction.
public struct CommandProcessor {
    /// A command and where it was read from.
    public struct Incoming: Sendable {
        public var command: Command
        public var partition: Int32
        public var offset: Int64

        public init(command: Command, partition: Int32, offset: Int64) {
            self.command = command
            self.partition = partition
            self.offset = offset
        }
    }

    /// An event to append, with its chain link and the partition whose relay publishes it.
    public struct NewEvent: Sendable {
        public var recorded: RecordedEvent
        public var previousHash: [UInt8]?
        public var hash: [UInt8]
        public var partition: Int32
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
    }

    public private(set) var heads: [String: StreamHead]
    public private(set) var events: [NewEvent] = []
    public private(set) var answers: [Answer] = []
    private var known: [String: StoredOutcome]
    private let now: Timestamp
    private let referenceData: ReferenceData

    /// - Parameters:
    ///   - heads: the current head of every stream the batch touches or reads (absent means empty): each
    ///     command's subject and its ``SuiviDomain/Command/referencedStreams``.
    ///   - outcomes: the stored outcomes of the batch's command ids.
    ///   - now: the recording time of this batch.
    ///   - referenceData: the configured reference data (regions).
    public init(heads: [String: StreamHead], outcomes: [String: StoredOutcome], now: Timestamp, referenceData: ReferenceData = .standard) {
        self.heads = heads
        self.known = outcomes
        self.now = now
        self.referenceData = referenceData
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

    /// Decides one command, reading the streams it references from ``heads`` (so that events decided
    /// earlier in the same batch are seen).
    public mutating func process(_ incoming: Incoming) {
        var referenced: [String: AggregateState] = [:]
        for stream in incoming.command.referencedStreams { referenced[stream] = heads[stream]?.state }
        process(incoming, context: DecisionContext(referenced: referenced, referenceData: referenceData))
    }

    /// Decides one command with an explicit context.
    public mutating func process(_ incoming: Incoming, context: DecisionContext) {
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
            answers.append(Answer(outcome: outcome, fingerprint: fingerprint, occurredAt: command.envelope.time,
                partition: incoming.partition, offset: incoming.offset, isNew: false))
            return
        }
        let head = heads[command.streamID] ?? .empty
        let outcome: CommandOutcome
        switch Decide.decide(command, state: head.state, context: context) {
        case .rejected(let reasons):
            outcome = CommandOutcome(
                commandID: command.id, commandType: command.envelope.type.rawValue, subject: command.streamID,
                status: .rejected, eventIDs: [], reasons: reasons, recordedAt: now)
        case .accepted(let decided):
            var state = head.state
            var hash = head.lastHash
            var ids: [String] = []
            for (index, event) in decided.enumerated() {
                let eventID = EventHash.uuid("suivi-event:\(command.id):\(index)")
                state = state.evolve(event)
                let recorded = RecordedEvent(
                    streamID: command.streamID, aggregate: event.aggregate, version: state.version, position: 0, event: event,
                    metadata: EventMetadata(
                        eventID: eventID, commandID: command.id, actor: command.envelope.actor,
                        actorRole: command.envelope.actorRole, onBehalfOf: command.envelope.onBehalfOf,
                        occurredAt: command.envelope.time, recordedAt: now, consentID: event.consentID))
                let link = EventHash.compute(previous: hash, event: recorded)
                events.append(NewEvent(recorded: recorded, previousHash: hash, hash: link, partition: incoming.partition))
                hash = link
                ids.append(eventID)
            }
            heads[command.streamID] = StreamHead(state: state, lastHash: hash)
            outcome = CommandOutcome(
                commandID: command.id, commandType: command.envelope.type.rawValue, subject: command.streamID,
                status: .accepted, eventIDs: ids, reasons: [], recordedAt: now)
        }
        known[command.id] = StoredOutcome(outcome: outcome, fingerprint: fingerprint)
        answers.append(Answer(outcome: outcome, fingerprint: fingerprint, occurredAt: command.envelope.time,
            partition: incoming.partition, offset: incoming.offset, isNew: true))
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
