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

    /// - Parameters:
    ///   - heads: the current head of every stream the batch touches (absent means empty).
    ///   - outcomes: the stored outcomes of the batch's command ids.
    ///   - now: the recording time of this batch.
    public init(heads: [String: StreamHead], outcomes: [String: StoredOutcome], now: Timestamp) {
        self.heads = heads
        self.known = outcomes
        self.now = now
    }

    public mutating func process(_ incoming: Incoming) {
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
        switch Decide.decide(command, state: head.state) {
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
                        occurredAt: command.envelope.time, recordedAt: now, consentID: nil))
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
