/// How a CloudEvent travels in a Kafka message (CloudEvents Kafka protocol binding, section 3).
public enum ContentMode: String, Sendable, Hashable {
    /// The whole event is a JSON envelope in the message value (`content-type:
    /// application/cloudevents+json`, or no `content-type` and no `ce_` header, as Suivi always took).
    case structured
    /// The attributes are `ce_` headers, `content-type` is `datacontenttype`, and the value is `data`.
    case binary

    /// The mode of a message, as the binding tells them apart: a `content-type` that starts with
    /// `application/cloudevents` is structured, any other `content-type` is binary. Without a
    /// `content-type`, a value that is a JSON envelope (an object with `specversion`) is structured, as
    /// Suivi always took it, whatever other headers ride along; otherwise `ce_` headers make it binary.
    public static func of(_ headers: [MessageHeader], value: [UInt8]) -> ContentMode {
        var hasAttributes = false
        for header in headers {
            if header.name.lowercased() == MessageHeader.contentType {
                let text = String(decoding: header.value ?? [], as: UTF8.self).lowercased()
                return text.hasPrefix("application/cloudevents") ? .structured : .binary
            }
            if header.name.hasPrefix(MessageHeader.attributePrefix) { hasAttributes = true }
        }
        guard hasAttributes else { return .structured }
        // Rare (no content-type, and ce_ headers): only then is the value looked into.
        if case .object(let members)? = try? JSONParser.parse(value), members["specversion"] != nil { return .structured }
        return .binary
    }
}
