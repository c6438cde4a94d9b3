/// How a CloudEvent travels in a Kafka message (CloudEvents Kafka protocol binding, section 3).
public enum ContentMode: String, Sendable, Hashable {
    /// The whole event is a JSON envelope in the message value (`content-type:
    /// application/cloudevents+json`, or no `content-type` and no `ce_` header, as Suivi always took).
    case structured
    /// The attributes are `ce_` headers, `content-type` is `datacontenttype`, and the value is `data`.
    case binary

    /// The mode a message's headers declare, as the binding tells them apart: a `content-type` that starts
    /// with `application/cloudevents` is structured; any other `content-type`, or `ce_` headers, is binary.
    public static func of(_ headers: [MessageHeader]) -> ContentMode {
        var hasAttributes = false
        for header in headers {
            if header.name.lowercased() == MessageHeader.contentType {
                let value = String(decoding: header.value ?? [], as: UTF8.self).lowercased()
                return value.hasPrefix("application/cloudevents") ? .structured : .binary
            }
            if header.name.hasPrefix(MessageHeader.attributePrefix) { hasAttributes = true }
        }
        return hasAttributes ? .binary : .structured
    }
}
