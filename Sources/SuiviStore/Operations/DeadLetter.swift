public import SuiviDomain

/// A message that could not be processed, kept whole with the reason: as a worker parks it, and as the
/// dead-letter table holds it with its history (``DeadLetterStore``).
public struct DeadLetter: Sendable {
    public var consumer: String
    public var topic: String
    public var partition: Int32
    public var offset: Int64
    public var key: [UInt8]?
    public var value: [UInt8]
    public var reasonCode: String
    public var reason: String
    /// For an event a projection could not apply: the stream it holds up, and the event's place in it.
    public var streamID: String?
    public var eventID: String?
    public var version: Int?
    /// The message's headers, kept with it (binary content mode carries the CloudEvent's attributes there).
    public var headers: [MessageHeader]
    /// Its row in the dead-letter table (0 until it is stored).
    public var id: Int64 = 0
    public var receivedAt = Timestamp(microseconds: 0)
    /// `parked`, `retried` or `skipped`.
    public var status = "parked"
    public var attempts = 1
    /// The error of the last failed retry, and how the letter was resolved.
    public var lastError: String?
    public var resolution: String?

    /// Headers as the dead-letter table keeps them: `[{"name": ..., "value": base64}]`.
    public static func headersJSON(_ headers: [MessageHeader]) -> JSON {
        .array(headers.map { header in
            ["name": .string(storable(header.name)), "value": header.value.map { .string(Base64.encode($0)) } ?? .null]
        })
    }

    /// Headers read back from ``headersJSON(_:)``.
    public static func headers(from text: String?) -> [MessageHeader] {
        guard let text, let json = try? JSONParser.parse(text), let items = json.arrayValue else { return [] }
        return items.compactMap { item in
            guard let name = item["name"]?.stringValue else { return nil }
            return MessageHeader(name: name, value: item["value"]?.stringValue.flatMap(Base64.decode))
        }
    }

    /// Text as PostgreSQL can store it: a reason may quote a key or value holding NUL, which `text` refuses
    /// (the whole batch's transaction would fail), so NUL is written as `\u0000`.
    public static func storable(_ text: String) -> String {
        guard text.utf8.contains(0) else { return text }
        return text.split(separator: "\u{0}", omittingEmptySubsequences: false).joined(separator: "\\u0000")
    }

    public init(
        consumer: String, topic: String, partition: Int32, offset: Int64, key: [UInt8]?, value: [UInt8], reasonCode: String, reason: String,
        streamID: String? = nil, eventID: String? = nil, version: Int? = nil, headers: [MessageHeader] = []
    ) {
        self.headers = headers
        self.streamID = streamID
        self.eventID = eventID
        self.version = version
        self.consumer = consumer
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.key = key
        self.value = value
        self.reasonCode = reasonCode
        self.reason = reason
    }

    /// The letter for `--json`; the message as text when it is UTF-8, else as hex.
    public func json(withMessage: Bool) -> JSON {
        var members: [String: JSON] = [
            "id": .number(String(id)), "consumer": .string(consumer), "topic": .string(topic),
            "partition": .int(Int(partition)), "offset": .number(String(offset)), "reasonCode": .string(reasonCode),
            "reason": .string(reason), "receivedAt": .string(receivedAt.rfc3339), "status": .string(status),
            "attempts": .int(attempts), "streamId": streamID.map { .string($0) } ?? .null,
            "eventId": eventID.map { .string($0) } ?? .null, "version": version.map { .int($0) } ?? .null,
            "lastError": lastError.map { .string($0) } ?? .null, "resolution": resolution.map { .string($0) } ?? .null,
            "bytes": .int(value.count),
        ]
        if !headers.isEmpty {
            members["headers"] = .array(headers.map { header in
                let text = header.value.flatMap { String(validating: $0, as: UTF8.self) }
                return ["name": .string(header.name), "value": text.map { .string($0) } ?? header.value.map { .string(Hex.encode($0)) } ?? .null]
            })
        }
        if withMessage {
            if let text = String(validating: value, as: UTF8.self) {
                members["message"] = .string(text)
            } else {
                members["messageHex"] = .string(Hex.encode(value))
            }
            members["key"] = key.map { key in String(validating: key, as: UTF8.self).map { .string($0) } ?? .string(Hex.encode(key)) } ?? .null
        }
        return .object(members)
    }
}
