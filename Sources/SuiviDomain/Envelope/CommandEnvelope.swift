/// A command as integrators publish it: a CloudEvents 1.0 event in structured JSON mode.
///
/// `id` is the idempotency key, `subject` the aggregate id (also the Kafka key), `time` when the fact
/// happened in the sender's world (`occurredAt`), and the extension attributes `actor`, `actorrole`
/// and `onbehalfof` say who acted, in which role, and for whom.
public struct CommandEnvelope: Sendable, Hashable {
    public static let specVersion = "1.0"
    public static let contentType = "application/json"
    /// Largest message accepted, in bytes; larger ones are dead-lettered before parsing.
    public static let maximumBytes = 256 * 1024

    public var id: String
    public var source: String
    public var type: CommandType
    public var subject: String
    public var time: Timestamp
    public var dataSchema: String?
    public var actor: String
    public var actorRole: ActorRole
    public var onBehalfOf: String?
    public var data: JSON {
        didSet { dataBytes = KnownBytes() }
    }
    /// `data.canonicalBytes` when the decoder found them as they are in the message (the sender wrote
    /// canonical JSON); forgotten when ``data`` changes. Not part of the envelope's value.
    var dataBytes = KnownBytes()
    /// The command's name as it was sent: ``type``'s own name or one of its ``CommandType/aliases``.
    /// Outcomes echo it; the fingerprint and the events use ``type``.
    public var typeName: String
    /// The W3C trace context, echoed on the outcome; not part of the command's fingerprint.
    public var traceparent: String?
    public var tracestate: String?
    /// The `partitionkey` extension: the Kafka key when present (the binding's key mapping), instead of
    /// the subject. Transport only: not part of the fingerprint.
    public var partitionKey: String?

    public init(
        id: String, source: String, type: CommandType, subject: String, time: Timestamp,
        dataSchema: String? = nil, actor: String, actorRole: ActorRole, onBehalfOf: String? = nil, data: JSON,
        typeName: String? = nil, traceparent: String? = nil, tracestate: String? = nil, partitionKey: String? = nil
    ) {
        self.id = id
        self.source = source
        self.type = type
        self.subject = subject
        self.time = time
        self.dataSchema = dataSchema
        self.actor = actor
        self.actorRole = actorRole
        self.onBehalfOf = onBehalfOf
        self.data = data
        self.typeName = typeName ?? type.rawValue
        self.traceparent = traceparent
        self.tracestate = tracestate
        self.partitionKey = partitionKey
    }

    /// The envelope as sent, in structured form: ``json`` with the type under the name it was sent as and
    /// the transport attributes (trace context, partition key). Decoding it gives this envelope again.
    public var sentJSON: JSON {
        guard case .object(var members) = json else { return json }
        members["type"] = .string(CommandType.prefix + typeName)
        if let traceparent { members["traceparent"] = .string(traceparent) }
        if let tracestate { members["tracestate"] = .string(tracestate) }
        if let partitionKey { members["partitionkey"] = .string(partitionKey) }
        return .object(members)
    }

    /// The Kafka key the message must carry: the `partitionkey` extension, or else the subject.
    public var kafkaKey: String { partitionKey ?? subject }

    /// The envelope as canonical CloudEvents JSON.
    public var json: JSON {
        var members: [String: JSON] = [
            "specversion": .string(Self.specVersion),
            "id": .string(id),
            "source": .string(source),
            "type": .string(type.cloudEventType),
            "subject": .string(subject),
            "time": .string(time.rfc3339),
            "datacontenttype": .string(Self.contentType),
            "actor": .string(actor),
            "actorrole": .string(actorRole.rawValue),
            "data": data,
        ]
        if let dataSchema { members["dataschema"] = .string(dataSchema) }
        if let onBehalfOf { members["onbehalfof"] = .string(onBehalfOf) }
        return .object(members)
    }

    /// `json.canonicalBytes`, written member by member in its sorted key order instead of building the
    /// object and sorting its keys: the command's fingerprint, computed once per command decided. A test
    /// holds it byte for byte equal to `json.canonicalBytes`.
    public var canonicalBytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(1024)
        JSON.writeMemberName("actor", first: true, into: &out)
        JSON.writeString(actor, into: &out)
        JSON.writeMemberName("actorrole", into: &out)
        JSON.writeString(actorRole.rawValue, into: &out)
        JSON.writeMemberName("data", into: &out)
        if let known = dataBytes.bytes { out.append(contentsOf: known) } else { data.write(into: &out) }
        JSON.writeMemberName("datacontenttype", into: &out)
        JSON.writeString(Self.contentType, into: &out)
        if let dataSchema {
            JSON.writeMemberName("dataschema", into: &out)
            JSON.writeString(dataSchema, into: &out)
        }
        JSON.writeMemberName("id", into: &out)
        JSON.writeString(id, into: &out)
        if let onBehalfOf {
            JSON.writeMemberName("onbehalfof", into: &out)
            JSON.writeString(onBehalfOf, into: &out)
        }
        JSON.writeMemberName("source", into: &out)
        JSON.writeString(source, into: &out)
        JSON.writeMemberName("specversion", into: &out)
        JSON.writeString(Self.specVersion, into: &out)
        JSON.writeMemberName("subject", into: &out)
        JSON.writeString(subject, into: &out)
        JSON.writeMemberName("time", into: &out)
        out.append(UInt8(ascii: "\""))
        time.writeRFC3339(into: &out)
        out.append(UInt8(ascii: "\""))
        JSON.writeMemberName("type", into: &out)
        JSON.writeString(type.cloudEventType, into: &out)
        out.append(UInt8(ascii: "}"))
        return out
    }
}

/// Bytes an envelope keeps because they cost to write again: equal whatever they hold, so that they never
/// make two envelopes of the same value differ.
struct KnownBytes: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    var bytes: [UInt8]?

    init(_ bytes: [UInt8]? = nil) { self.bytes = bytes }

    static func == (_: KnownBytes, _: KnownBytes) -> Bool { true }
    func hash(into hasher: inout Hasher) {}

    /// Only their count: an envelope printed in a log or a test's report does not list its data's bytes.
    var description: String { bytes.map { "\($0.count) bytes" } ?? "none" }
    var debugDescription: String { description }
}

/// The role in which an actor sends a command.
public enum ActorRole: String, Sendable, Hashable, CaseIterable {
    /// An official of the State concerned (a ministry, a national mechanism).
    case stateAuthority = "state-authority"
    /// Staff of OHCHR, at headquarters or in a field presence.
    case ohchrOfficer = "ohchr-officer"
    /// Staff of UNDP, a resident coordinator's office or a UN country team.
    case undpOfficer = "undp-officer"
    /// The secretariat that organises consultations and drafts the report.
    case secretariat
    /// Another system publishing on someone's behalf (then `onbehalfof` names that person or body).
    case integration
}
