/// The one answer every command gets: accepted with the ids of the events it produced, or rejected
/// with the reasons. A repeated command id gets the original outcome again. A message that could not
/// become a command but whose id could be read gets an `invalid` outcome with its violations.
public struct CommandOutcome: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable, CaseIterable {
        case accepted
        case rejected
        /// The message never became a command (it was dead-lettered); its id is not used up.
        case invalid
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
    /// The command's `source` and `traceparent`, echoed so that each sender can pick out its own answers.
    public var source: String?
    public var traceparent: String?
    /// For an `invalid` outcome: every violation, with where it is (JSON path or header).
    public var violations: [Violation]

    public init(
        commandID: String, commandType: String, subject: String, status: Status, eventIDs: [String],
        reasons: [Rejection], recordedAt: Timestamp, duplicate: Bool = false, source: String? = nil,
        traceparent: String? = nil, violations: [Violation] = []
    ) {
        self.commandID = commandID
        self.commandType = commandType
        self.subject = subject
        self.status = status
        self.eventIDs = eventIDs
        self.reasons = reasons
        self.recordedAt = recordedAt
        self.duplicate = duplicate
        self.source = source
        self.traceparent = traceparent
        self.violations = violations
    }

    /// The `invalid` outcome of a message that was dead-lettered but whose id could be read.
    public static func invalid(_ identity: MessageIdentity, violations: [Violation], recordedAt: Timestamp) -> CommandOutcome {
        let first = violations.first?.description ?? "invalid message"
        let more = violations.count > 1 ? " (and \(violations.count - 1) more)" : ""
        return CommandOutcome(
            commandID: identity.id, commandType: identity.typeName ?? "", subject: identity.subject ?? "", status: .invalid,
            eventIDs: [],
            reasons: [Rejection(.messageInvalid, "dead-lettered: \(first)\(more); correct the message and publish it again (the id may be reused)")],
            recordedAt: recordedAt, source: identity.source, traceparent: identity.traceparent, violations: violations)
    }

    public var violationsJSON: JSON {
        .array(violations.map { ["code": .string($0.code.rawValue), "path": .string($0.path), "message": .string($0.message)] })
    }

    public var reasonsJSON: JSON {
        .array(reasons.map { ["code": .string($0.code.rawValue), "message": .string($0.message)] })
    }

    /// The outcome as published on the outcomes topic and printed by `suivi outcome --json`.
    public var json: JSON {
        var members: [String: JSON] = [
            "commandId": .string(commandID),
            "status": .string(status.rawValue),
            "eventIds": .array(eventIDs.map { .string($0) }),
            "reasons": reasonsJSON,
            "recordedAt": .string(recordedAt.rfc3339),
            "duplicate": .bool(duplicate),
        ]
        // An invalid message may have no readable type or subject.
        if !commandType.isEmpty { members["commandType"] = .string(commandType) }
        if !subject.isEmpty { members["subject"] = .string(subject) }
        if let source { members["source"] = .string(source) }
        if let traceparent { members["traceparent"] = .string(traceparent) }
        if status == .invalid { members["violations"] = violationsJSON }
        return .object(members)
    }
}
