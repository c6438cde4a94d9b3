public import SuiviDomain

/// The first thing an audit found wrong, named so that a person can find it: the stream, version,
/// position and event id of the stored event (or the topic place of a message), and what is wrong.
public struct AuditFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of mismatch: a stable code for scripts.
    public struct Kind: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The stored payload is not JSON.
        public static let unreadable = Kind(rawValue: "unreadable")
        /// A stream does not start at version 1, or a version is skipped (an event is missing).
        public static let versionGap = Kind(rawValue: "versionGap")
        /// A version repeats or goes back.
        public static let versionOrder = Kind(rawValue: "versionOrder")
        /// `prev_hash` is not the previous event's hash.
        public static let brokenLink = Kind(rawValue: "brokenLink")
        /// The stored hash is not the hash of the stored content: the content was altered.
        public static let hashMismatch = Kind(rawValue: "hashMismatch")
        /// Two events share one event id.
        public static let duplicateEventID = Kind(rawValue: "duplicateEventId")
        /// A stored event is not on the events topic.
        public static let missingFromTopic = Kind(rawValue: "missingFromTopic")
        /// The events topic carries the event with another hash.
        public static let topicHashMismatch = Kind(rawValue: "topicHashMismatch")
        /// The events topic carries the event's hash with other content.
        public static let topicContentMismatch = Kind(rawValue: "topicContentMismatch")
        /// An event on the topic is not in the store.
        public static let notInStore = Kind(rawValue: "notInStore")
        /// A message on the events topic is not a readable Suivi event.
        public static let topicUnreadable = Kind(rawValue: "topicUnreadable")
        /// A bundle's signature, format or head does not hold.
        public static let bundle = Kind(rawValue: "bundle")
        /// A bundle was signed by another key than the expected one.
        public static let wrongSigner = Kind(rawValue: "wrongSigner")
        /// An event's ledger hash does not follow from the event before it in position order: events were
        /// removed, inserted or moved there, or the ledger hash was changed.
        public static let ledgerBroken = Kind(rawValue: "ledgerBroken")
        /// The ledger head (`suivi.ledger_head`) is not the last event's: events were removed from the end.
        public static let ledgerHead = Kind(rawValue: "ledgerHead")
        /// A checkpoint is unreadable, unsigned, out of its chain, or missing from the table.
        public static let checkpoint = Kind(rawValue: "checkpoint")
        /// The store's events do not match what a signed checkpoint states about them.
        public static let checkpointMismatch = Kind(rawValue: "checkpointMismatch")
        /// An inclusion proof does not hold.
        public static let proof = Kind(rawValue: "proof")
    }

    public var kind: Kind
    public var streamID: String?
    public var version: Int?
    public var position: Int64?
    public var eventID: String?
    /// Where on the events topic (`topic[partition]@offset`), for topic mismatches.
    public var topicPlace: String?
    /// What is wrong, in words.
    public var message: String

    public init(
        _ kind: Kind, streamID: String? = nil, version: Int? = nil, position: Int64? = nil, eventID: String? = nil,
        topicPlace: String? = nil, message: String
    ) {
        self.kind = kind
        self.streamID = streamID
        self.version = version
        self.position = position
        self.eventID = eventID
        self.topicPlace = topicPlace
        self.message = message
    }

    /// A failure about a stored event.
    public init(_ kind: Kind, at event: AuditedEvent, _ message: String) {
        self.init(kind, streamID: event.streamID, version: event.version, position: event.position, eventID: event.eventID,
            message: message)
    }

    /// One line: where, then what.
    public var description: String {
        var place: [String] = []
        if let streamID { place.append("stream \(streamID)") }
        if let version { place.append("version \(version)") }
        if let position { place.append("position \(position)") }
        if let eventID { place.append("event \(eventID)") }
        if let topicPlace { place.append("topic \(topicPlace)") }
        return place.isEmpty ? message : place.joined(separator: ", ") + ": " + message
    }

    /// The failure for scripts.
    public var json: JSON {
        var members: [String: JSON] = ["kind": .string(kind.rawValue), "message": .string(message)]
        if let streamID { members["streamId"] = .string(streamID) }
        if let version { members["version"] = .int(version) }
        if let position { members["position"] = .number(String(position)) }
        if let eventID { members["eventId"] = .string(eventID) }
        if let topicPlace { members["topicPlace"] = .string(topicPlace) }
        return .object(members)
    }
}
