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
    public var canonicalBytes: [UInt8] { envelope.canonicalBytes }

    /// Other streams whose state the decider reads to decide this command (a report's consultations).
    /// Whoever calls ``Decide/decide(_:state:context:)`` loads their heads into the ``DecisionContext``.
    public var referencedStreams: [String] {
        switch payload {
        case .submitReport(let submission): submission.drawsOn
        case .waiveConsultation(let waiver): [waiver.consultationID]
        default: []
        }
    }
}
