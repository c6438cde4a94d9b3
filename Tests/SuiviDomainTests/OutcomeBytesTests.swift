import SuiviDomain
import Testing

/// The decider publishes each outcome's bytes written member by member (`CommandOutcome.canonicalBytes`);
/// they must be the canonical JSON of `CommandOutcome.json`, which `Schemas/outcome.schema.json` describes.
@Suite struct OutcomeBytesTests {
    static let time = Timestamp(microseconds: 1_780_000_000_123_456)

    static var outcomes: [CommandOutcome] {
        let accepted = CommandOutcome(
            commandID: "cmd-1", commandType: "GiveConsent", subject: "case-1", status: .accepted,
            eventIDs: ["0190a1b2-0000-8000-8000-000000000001", "0190a1b2-0000-8000-8000-000000000002"], reasons: [],
            recordedAt: time, source: "urn:ministry", traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
        var rejected = CommandOutcome(
            commandID: "cmd-2", commandType: "RecordActivity", subject: "case-1", status: .rejected, eventIDs: [],
            reasons: [
                Rejection(.duplicateConflict, "a \"quoted\" reason\nwith a line"), Rejection(.messageInvalid, "second"),
            ], recordedAt: time, duplicate: true)
        rejected.source = "urn:é"
        let identity = MessageIdentity(id: "cmd-3", subject: nil, typeName: nil, source: nil, traceparent: nil)
        let invalid = CommandOutcome.invalid(
            identity,
            violations: [
                Violation(path: "$.data.purpose", code: .required, message: "is required"),
                Violation(path: "$.time", code: .syntax, message: "tab\there"),
            ], recordedAt: time)
        let empty = CommandOutcome(
            commandID: "cmd-4", commandType: "", subject: "", status: .rejected, eventIDs: [], reasons: [], recordedAt: time)
        return [accepted, rejected, invalid, empty]
    }

    @Test(arguments: outcomes)
    func theBytesAreTheCanonicalJSON(_ outcome: CommandOutcome) {
        #expect(outcome.canonicalBytes == outcome.json.canonicalBytes)
    }
}
