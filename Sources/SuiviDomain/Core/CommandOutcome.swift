/// The one answer every command gets: accepted with the ids of the events it produced, or rejected
/// with the reasons. A repeated command id gets the original outcome again.
public struct CommandOutcome: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable, CaseIterable {
        case accepted
        case rejected
    }

    public var commandID: String
    public var commandType: String
    public var subject: String
    public var status: Status
    public var eventIDs: [String]
    public var reasons: [Rejection]
    public var recordedAt: Timestamp
    /// True when this answer repeats the outcome of an earlier message with the same id.
    public var duplicate: Bool

    public init(
        commandID: String, commandType: String, subject: String, status: Status, eventIDs: [String],
        reasons: [Rejection], recordedAt: Timestamp, duplicate: Bool = false
    ) {
        self.commandID = commandID
        self.commandType = commandType
        self.subject = subject
        self.status = status
        self.eventIDs = eventIDs
        self.reasons = reasons
        self.recordedAt = recordedAt
        self.duplicate = duplicate
    }

    public var reasonsJSON: JSON {
        .array(reasons.map { ["code": .string($0.code.rawValue), "message": .string($0.message)] })
    }

    /// The outcome as published on the outcomes topic and printed by `suivi outcome --json`.
    public var json: JSON {
        [
            "commandId": .string(commandID),
            "commandType": .string(commandType),
            "subject": .string(subject),
            "status": .string(status.rawValue),
            "eventIds": .array(eventIDs.map { .string($0) }),
            "reasons": reasonsJSON,
            "recordedAt": .string(recordedAt.rfc3339),
            "duplicate": .bool(duplicate),
        ]
    }
}
