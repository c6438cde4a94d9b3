/// A decoded, valid command: its envelope and its typed payload.
public struct Command: Sendable, Hashable {
    public var envelope: CommandEnvelope
    public var payload: CommandPayload

    public init(envelope: CommandEnvelope, payload: CommandPayload) {
        self.envelope = envelope
        self.payload = payload
    }

    public var id: String { envelope.id }
    public var streamID: String { envelope.subject }
    public var aggregate: AggregateKind { envelope.type.aggregate }

    /// The canonical bytes of the whole message: two messages with the same id are the same command
    /// only if these are equal.
    public var canonicalBytes: [UInt8] { envelope.json.canonicalBytes }
}

/// The typed payload of each command type.
public enum CommandPayload: Sendable, Hashable {
    case requestAssistance(RequestAssistance)

    static func decode(type: CommandType, data: JSON?, path: String) -> Result<CommandPayload, DecodingFailure> {
        switch type {
        case .requestAssistance: RequestAssistance.decode(data, path: path).map(CommandPayload.requestAssistance)
        }
    }
}
