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
    /// What the signed checkpoints covered, when the whole store was checked.
    public var checkpoints: CheckpointSummary?
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

    /// The checkpoints the store was checked against.
    public struct CheckpointSummary: Sendable, Hashable {
        public var count: Int
        /// The last position the checkpoints cover.
        public var coveredUpTo: Int64
        /// Events found inside the checkpoints' ranges.
        public var eventsCovered: Int
        /// The fingerprint of the key that signed them.
        public var signer: String?
        /// How many were read from outside the database (an export or the topic), or `nil` for the table only.
        public var outside: Int?

        public init(count: Int, coveredUpTo: Int64, eventsCovered: Int, signer: String?, outside: Int?) {
            self.count = count
            self.coveredUpTo = coveredUpTo
            self.eventsCovered = eventsCovered
            self.signer = signer
            self.outside = outside
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
        if let checkpoints {
            members["checkpoints"] = [
                "count": .int(checkpoints.count), "coveredUpTo": .number(String(checkpoints.coveredUpTo)),
                "eventsCovered": .int(checkpoints.eventsCovered), "signer": checkpoints.signer.map { .string($0) } ?? .null,
                "outside": checkpoints.outside.map { .int($0) } ?? .null,
            ]
        }
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
        if let checkpoints {
            let outside = checkpoints.outside.map { " (\($0) kept outside)" } ?? ""
            lines.append("checked \(checkpoints.count) signed checkpoint\(checkpoints.count == 1 ? "" : "s")\(outside) covering \(checkpoints.eventsCovered) event\(checkpoints.eventsCovered == 1 ? "" : "s") up to position \(checkpoints.coveredUpTo)"
                + (checkpoints.signer.map { ", signed by \($0)" } ?? ""))
        }
        if let firstFailure {
            lines.append("FAILED at \(firstFailure)")
        } else {
            let what = checkpoints == nil ? "every hash chain holds" : "every hash chain, the ledger and the checkpoints hold"
            lines.append(topic == nil ? "OK: \(what)" : "OK: \(what) and the events topic matches the store")
        }
        return lines.joined(separator: "\n")
    }
}
