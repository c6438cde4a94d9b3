public import SuiviDomain

/// The commands a decider holds back because a stream they read has not yet reached the state they need,
/// and the later commands of their own streams queued behind them: a plain value, with no I/O.
///
/// Kafka orders one partition, not partitions against each other. A report's submission reads regional
/// consultations, which are other streams and usually other partitions, so it may be read before the
/// consultations that one producer published ahead of it. Rather than reject it at once, the decider
/// holds it, for at most ``wait`` after it arrived, and decides it again whenever a batch has been
/// decided (when the streams it reads may have changed); only when the wait is over is it rejected with
/// the code it would have got at first. The commands of its stream that follow it wait behind it, so a
/// stream's commands are still decided in their order (Axon's sequenced dead letters: one sequence waits,
/// the others flow). The decider stores what this value holds in the same transaction as the offsets
/// (``changes``), so a crash loses nothing and decides nothing twice.
public struct HeldCommands: Sendable {
    /// A command held, and since when (the recording time of the batch that first held it).
    public struct Entry: Sendable, Hashable {
        public var incoming: CommandProcessor.Incoming
        public var since: Timestamp

        public init(incoming: CommandProcessor.Incoming, since: Timestamp) {
            self.incoming = incoming
            self.since = since
        }

        /// Where the command was read: unique per held command.
        public var place: Place { Place(partition: incoming.partition, offset: incoming.offset) }
    }

    /// A partition and offset of the commands topic.
    public struct Place: Sendable, Hashable, Comparable {
        public var partition: Int32
        public var offset: Int64

        public init(partition: Int32, offset: Int64) {
            self.partition = partition
            self.offset = offset
        }

        public static func < (lhs: Place, rhs: Place) -> Bool {
            (lhs.partition, lhs.offset) < (rhs.partition, rhs.offset)
        }
    }

    /// What to write to the store so that it holds what this value holds.
    public struct Changes: Sendable, Hashable {
        /// Entries held now that the store does not have yet.
        public var added: [Entry] = []
        /// Entries the store has that are no longer held (decided).
        public var released: [Place] = []

        public var isEmpty: Bool { added.isEmpty && released.isEmpty }
    }

    /// How long a command may be held, in microseconds; 0 decides every command at once.
    public let waitMicroseconds: Int64
    /// The held commands of each stream, in the order they arrived.
    public private(set) var queues: [String: [Entry]] = [:]
    /// Held entries that the store already has.
    private var stored: Set<Place> = []
    /// Released entries that the store still has.
    private var releasedStored: Set<Place> = []

    /// - Parameter waitMicroseconds: the longest a command is held (`SUIVI_DEPENDENCY_WAIT`).
    public init(waitMicroseconds: Int64) {
        self.waitMicroseconds = max(0, waitMicroseconds)
    }

    /// Every held command, by stream in order of the oldest, and in arrival order within a stream.
    public var entries: [Entry] {
        queues.values.sorted { ($0[0].since, $0[0].place) < ($1[0].since, $1[0].place) }.flatMap { $0 }
    }

    public var count: Int { queues.values.reduce(0) { $0 + $1.count } }
    public var isEmpty: Bool { queues.isEmpty }

    /// True while the stream has a held command: its next commands must wait behind it.
    public func isHolding(_ stream: String) -> Bool { queues[stream] != nil }

    /// True while an entry held since `since` may still wait at `now`.
    public func mayWait(since: Timestamp, now: Timestamp) -> Bool {
        waitMicroseconds > 0 && now.microseconds < since.microseconds + waitMicroseconds
    }

    /// The oldest held entry's time, or nil when nothing is held.
    public var oldest: Timestamp? { queues.values.map { $0[0].since }.min() }

    /// The first held command of a stream.
    public func first(of stream: String) -> Entry? { queues[stream]?.first }

    /// The streams with held commands, oldest first.
    public var streams: [String] { entries.reduce(into: [String]()) { if $0.last != $1.incoming.command.streamID { $0.append($1.incoming.command.streamID) } } }

    /// Holds a command (at the end of its stream's queue).
    public mutating func hold(_ incoming: CommandProcessor.Incoming, since: Timestamp) {
        let entry = Entry(incoming: incoming, since: since)
        if releasedStored.remove(entry.place) != nil { stored.insert(entry.place) }
        queues[incoming.command.streamID, default: []].append(entry)
    }

    /// Takes the first held command of a stream off its queue: it is being decided.
    @discardableResult
    public mutating func release(first stream: String) -> Entry? {
        guard var queue = queues[stream], !queue.isEmpty else { return nil }
        let entry = queue.removeFirst()
        queues[stream] = queue.isEmpty ? nil : queue
        if stored.remove(entry.place) != nil { releasedStored.insert(entry.place) }
        return entry
    }

    /// Puts back a command taken off its queue that must wait again, in front of the others.
    public mutating func holdAgain(_ entry: Entry) {
        if releasedStored.remove(entry.place) != nil { stored.insert(entry.place) }
        queues[entry.incoming.command.streamID, default: []].insert(entry, at: 0)
    }

    /// Entries loaded from the store (for partitions just assigned): already stored.
    public mutating func restore(_ loaded: [Entry]) {
        for entry in loaded.sorted(by: { $0.place < $1.place }) {
            queues[entry.incoming.command.streamID, default: []].append(entry)
            stored.insert(entry.place)
        }
    }

    /// Forgets the held commands of partitions revoked: their new owner loads them from the store.
    public mutating func drop(partitions: Set<Int32>) {
        for (stream, queue) in queues where partitions.contains(queue[0].incoming.partition) {
            queues[stream] = nil
            for entry in queue { stored.remove(entry.place) }
        }
        releasedStored = releasedStored.filter { !partitions.contains($0.partition) }
    }

    /// What the store must be told: the entries held that it lacks, and the places it holds that were
    /// decided. Call ``written()`` once they are committed.
    public var changes: Changes {
        var changes = Changes()
        for entry in entries where !stored.contains(entry.place) { changes.added.append(entry) }
        changes.released = releasedStored.sorted()
        return changes
    }

    /// The store now holds what this value holds.
    public mutating func written() {
        stored = Set(entries.map(\.place))
        releasedStored = []
    }
}
