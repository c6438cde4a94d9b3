public import SuiviDomain

/// What an audit checked and the first thing it found wrong, if anything.
public struct AuditReport: Sendable {
    /// The one stream checked, or `nil` for the whole store.
    public var streamID: String?
    public var eventsChecked: Int
    public var streamsChecked: Int
    /// The highest position read from the store.
    public var lastPosition: Int64
    /// What was read from the events topic, when it was compared.
    public var topic: TopicSummary?
    /// The first bad event, in position order (topic-only mismatches come after every stored event).
    public var firstFailure: AuditFailure?

    /// What was read from the events topic.
    public struct TopicSummary: Sendable, Hashable {
        public var name: String
        public var partitions: Int
        public var messages: Int
        public var distinctEvents: Int

        public init(name: String, partitions: Int, messages: Int, distinctEvents: Int) {
            self.name = name
            self.partitions = partitions
            self.messages = messages
            self.distinctEvents = distinctEvents
        }
    }

    public init(streamID: String?, eventsChecked: Int, streamsChecked: Int, lastPosition: Int64, topic: TopicSummary? = nil,
        firstFailure: AuditFailure? = nil)
    {
        self.streamID = streamID
        self.eventsChecked = eventsChecked
        self.streamsChecked = streamsChecked
        self.lastPosition = lastPosition
        self.topic = topic
        self.firstFailure = firstFailure
    }

    /// True when nothing was found wrong.
    public var passed: Bool { firstFailure == nil }

    /// The report for scripts.
    public var json: JSON {
        var members: [String: JSON] = [
            "ok": .bool(passed),
            "scope": streamID.map { .string($0) } ?? "all",
            "eventsChecked": .int(eventsChecked),
            "streamsChecked": .int(streamsChecked),
            "lastPosition": .number(String(lastPosition)),
            "firstFailure": firstFailure?.json ?? .null,
        ]
        if let topic {
            members["topic"] = [
                "name": .string(topic.name), "partitions": .int(topic.partitions), "messages": .int(topic.messages),
                "distinctEvents": .int(topic.distinctEvents),
            ]
        }
        return .object(members)
    }

    /// A few lines for people.
    public var text: String {
        var lines = ["checked \(eventsChecked) event\(eventsChecked == 1 ? "" : "s") in \(streamsChecked) stream\(streamsChecked == 1 ? "" : "s")"
            + (streamID.map { " (stream \($0))" } ?? "") + " up to position \(lastPosition)"]
        if let topic {
            lines.append("read \(topic.messages) message\(topic.messages == 1 ? "" : "s") (\(topic.distinctEvents) distinct events) from \(topic.name) (\(topic.partitions) partitions)")
        }
        if let firstFailure {
            lines.append("FAILED at \(firstFailure)")
        } else {
            lines.append(topic == nil ? "OK: every hash chain holds" : "OK: every hash chain holds and the events topic matches the store")
        }
        return lines.joined(separator: "\n")
    }
}
