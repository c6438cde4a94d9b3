/// What can still be read of a message that did not become a command: enough for its sender to be told
/// its fate (an `invalid` outcome under its id). Present only when the `id` itself is readable.
public struct MessageIdentity: Sendable, Hashable {
    /// The message's `id`, valid by the envelope's rules.
    public var id: String
    /// The `subject`, when it is valid.
    public var subject: String?
    /// The `type` as sent, without the `suivi.command.` prefix, when it names a command.
    public var typeName: String?
    /// The `source`, when it is a valid one.
    public var source: String?
    /// The W3C `traceparent`, when present.
    public var traceparent: String?

    public init(id: String, subject: String? = nil, typeName: String? = nil, source: String? = nil, traceparent: String? = nil) {
        // Echoed into stored outcomes: a value holding U+0000 (which text columns refuse) is left out.
        func storable(_ text: String?) -> String? { text.flatMap { $0.utf8.contains(0) ? nil : $0 } }
        self.id = id
        self.subject = storable(subject)
        self.typeName = typeName
        self.source = storable(source)
        self.traceparent = storable(traceparent)
    }
}
