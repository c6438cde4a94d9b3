internal import SuiviDomain
public import SuiviStore

/// The events topic as read for an audit: for each event id, the `eventhash` it carries and a digest
/// of the record its other attributes describe. Pure: fed with message values, queried with stored
/// events, so it is tested without a broker.
///
/// It keeps about 100 bytes per distinct event (ids and digests held inline), and forgets each event
/// once the store's copy is matched.
public struct TopicEventIndex: Sendable {
    struct Entry: Sendable {
        var hash: Digest32
        var content: Digest32
        var partition: Int32
        var offset: Int64
        var eventID: String?
        /// Another message with this id that says something else.
        var conflict: (partition: Int32, offset: Int64)?
    }

    /// Only events of this stream are kept (the messages' key or subject); `nil` keeps all.
    public let streamID: String?
    public let topic: String
    /// Partitions of the topic.
    public let partitions: Int
    private var entries: [EventKey: Entry] = [:]
    /// The first message that is not a readable Suivi event.
    private var unreadable: AuditFailure?
    /// Messages read (of the stream, when one is chosen).
    public private(set) var messages = 0

    public init(topic: String, streamID: String? = nil, partitions: Int = 1) {
        self.topic = topic
        self.streamID = streamID
        self.partitions = partitions
    }

    /// What was read, for the report.
    public var summary: AuditReport.TopicSummary {
        AuditReport.TopicSummary(name: topic, partitions: partitions, messages: messages, distinctEvents: entries.count)
    }

    /// Distinct events held.
    public var distinctEvents: Int { entries.count }

    /// Adds one message of the events topic.
    public mutating func add(key: [UInt8]?, value: [UInt8], partition: Int32, offset: Int64) {
        let place = "\(topic)[\(partition)]@\(offset)"
        func bad(_ message: String, eventID: String? = nil, subject: String? = nil) {
            if unreadable == nil {
                unreadable = AuditFailure(.topicUnreadable, streamID: subject, eventID: eventID, topicPlace: place, message: message)
            }
        }
        let json: JSON
        do { json = try JSONParser.parse(value) } catch {
            if let streamID, let key, key != Array(streamID.utf8) { return }
            messages += 1
            bad("the message is not JSON (\(error.description))")
            return
        }
        let subject = json["subject"]?.stringValue
        if let streamID, subject != streamID { return }
        messages += 1
        guard let id = json["id"]?.stringValue, let key = EventKey(id) else {
            bad("the message has no UUID event id", subject: subject)
            return
        }
        guard let hashText = json["eventhash"]?.stringValue, let hash = Hex.decode(hashText).flatMap(Digest32.init) else {
            bad("the message has no 64-digit hex eventhash", eventID: id, subject: subject)
            return
        }
        guard let record = Self.record(of: json), let content = Digest32(EventHash.sha256(record.canonicalBytes)) else {
            bad("the message lacks attributes of a Suivi event (subject, streamtype, sequence, type, time, recordedat, commandid, actor, actorrole, data)",
                eventID: id, subject: subject)
            return
        }
        if var existing = entries[key] {
            if existing.conflict == nil, existing.hash != hash || existing.content != content {
                existing.conflict = (partition, offset)
                entries[key] = existing
            }
            return
        }
        entries[key] = Entry(hash: hash, content: content, partition: partition, offset: offset, eventID: id)
    }

    /// Compares a stored event with the topic's copy and forgets that copy.
    /// - Parameter relayCursors: Where the relay stands, to say when a missing event is only not
    ///   published yet.
    /// - Returns: The mismatch, or `nil` when the topic carries the event with the same hash and content.
    public mutating func match(_ event: AuditedEvent, relayCursors: [Int32: Int64] = [:]) -> AuditFailure? {
        guard let key = EventKey(event.eventID), let entry = entries.removeValue(forKey: key) else {
            var message = "the event is not on \(topic)"
            if let cursor = relayCursors[event.sourcePartition], cursor < event.position {
                message += " (the relay has published partition \(event.sourcePartition) only up to position \(cursor): rerun once it has caught up)"
            }
            return AuditFailure(.missingFromTopic, at: event, message)
        }
        let place = "\(topic)[\(entry.partition)]@\(entry.offset)"
        guard Digest32(event.hash) == entry.hash else {
            var failure = AuditFailure(.topicHashMismatch, at: event, "the topic carries the event with another eventhash than the store's \(Hex.encode(event.hash))")
            failure.topicPlace = place
            return failure
        }
        guard Digest32(EventHash.sha256(event.record.canonicalBytes)) == entry.content else {
            var failure = AuditFailure(.topicContentMismatch, at: event, "the topic's message has the store's hash but other content")
            failure.topicPlace = place
            return failure
        }
        if let conflict = entry.conflict {
            var failure = AuditFailure(.topicHashMismatch, at: event,
                "the topic carries this event id again with another hash or content")
            failure.topicPlace = "\(topic)[\(conflict.partition)]@\(conflict.offset)"
            return failure
        }
        return nil
    }

    /// What the topic holds that the store does not, once every stored event was matched: the first
    /// unreadable message, else the unmatched event at the lowest partition and offset.
    public func leftover() -> AuditFailure? {
        if let unreadable { return unreadable }
        guard let entry = entries.values.min(by: { ($0.partition, $0.offset) < ($1.partition, $1.offset) }) else { return nil }
        return AuditFailure(.notInStore, streamID: streamID, eventID: entry.eventID, topicPlace: "\(topic)[\(entry.partition)]@\(entry.offset)",
            message: "the topic carries an event that is not in the store")
    }

    /// The record a message describes, with the members of ``EventHash/record(_:)``.
    static func record(of json: JSON) -> JSON? {
        guard let subject = json["subject"]?.stringValue, let streamType = json["streamtype"]?.stringValue,
            case .number(let sequence)? = json["sequence"], let id = json["id"]?.stringValue,
            let type = json["type"]?.stringValue, type.hasPrefix(DomainEvent.prefix),
            let data = json["data"], let commandID = json["commandid"]?.stringValue, let actor = json["actor"]?.stringValue,
            let role = json["actorrole"]?.stringValue, let time = json["time"]?.stringValue,
            let recordedAt = json["recordedat"]?.stringValue
        else { return nil }
        return [
            "streamId": .string(subject),
            "streamType": .string(streamType),
            "version": .number(sequence),
            "eventId": .string(id),
            "eventType": .string(String(type.dropFirst(DomainEvent.prefix.count))),
            "data": data,
            "commandId": .string(commandID),
            "actor": .string(actor),
            "actorRole": .string(role),
            "onBehalfOf": json["onbehalfof"] ?? .null,
            "occurredAt": .string(time),
            "recordedAt": .string(recordedAt),
            "consentId": json["consentid"] ?? .null,
        ]
    }
}
