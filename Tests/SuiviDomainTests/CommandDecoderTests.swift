import Foundation
import SuiviDomain
import Testing

@Suite struct CommandDecoderTests {
    static let valid = """
        {"specversion":"1.0","id":"c-1","source":"urn:test","type":"suivi.command.GiveConsent","subject":"case-TGO-1",
         "time":"2026-01-30T10:00:00Z","actor":"a.mensah","actorrole":"state-authority",
         "data":{"consentId":"consent-1","grantedBy":{"name":"A. Mensah","office":"Ministère","state":"TGO"},
                 "instrument":{"kind":"note-verbale","reference":"NV/1","dated":"2026-01-28"},
                 "scope":{"activityKinds":["training"],"providers":["ohchr-field-presence"],"validFrom":"2026-02-01","validUntil":"2026-12-31T17:00:00+01:00"}}}
        """

    static func violations(_ text: String) -> [String] {
        switch CommandDecoder.decode(Array(text.utf8)) {
        case .success: return []
        case .failure(let failure): return failure.violations.map { "\($0.path) \($0.code)" }
        }
    }

    @Test func decodesAValidCommand() throws {
        let command = try CommandDecoder.decode(Array(Self.valid.utf8)).get()
        #expect(command.streamID == "case-TGO-1")
        #expect(command.envelope.actorRole == .stateAuthority)
        guard case .giveConsent(let consent) = command.payload else {
            Issue.record("decoded as \(command.payload)")
            return
        }
        #expect(consent.scope.validUntil == .instant(Fixtures.time("2026-12-31T16:00:00Z")))
        #expect(consent.scope.validFrom == .day(Fixtures.day("2026-02-01")))
    }

    /// A time, a day or a bound outside the years 0001 to 9999 is refused where it is, with a message that
    /// says the range: the store could keep year 0000 as a binary timestamp, but the read models could not.
    @Test func timesOutsideTheStorableYearsAreRefusedWhereTheyAre() throws {
        let text = Self.valid
            .replacingOccurrences(of: #""time":"2026-01-30T10:00:00Z""#, with: #""time":"0000-01-30T10:00:00Z""#)
            .replacingOccurrences(of: #""dated":"2026-01-28""#, with: #""dated":"0000-01-28""#)
            .replacingOccurrences(of: #""validUntil":"2026-12-31T17:00:00+01:00""#, with: #""validUntil":"0001-01-01T00:30:00+01:00""#)
        #expect(Self.violations(text) == ["$.time format", "$.data.instrument.dated format", "$.data.scope.validUntil anyOf"])
        guard case .failure(let failure) = CommandDecoder.decode(Array(text.utf8)) else { return }
        let time = try #require(failure.violations.first)
        #expect(time.message.contains("in the years 0001 to 9999 (UTC)") && time.message.contains("0000-01-30T10:00:00Z"), "\(time.message)")
    }

    @Test func listsEveryViolationWithItsPath() {
        let text = Self.valid
            .replacingOccurrences(of: #""specversion":"1.0""#, with: #""specversion":"2.0""#)
            .replacingOccurrences(of: #""subject":"case-TGO-1""#, with: #""subject":"case TGO""#)
            .replacingOccurrences(of: #""state":"TGO""#, with: #""state":"tg""#)
            .replacingOccurrences(of: #""activityKinds":["training"]"#, with: #""activityKinds":["training","coffee"]"#)
            .replacingOccurrences(of: #""validFrom":"2026-02-01""#, with: #""validFrom":"2026-02-30""#)
            .replacingOccurrences(of: #""reference":"NV/1","#, with: "")
            .replacingOccurrences(
                of: #""actorrole":"state-authority""#, with: #""actorrole":"state-authority","colour":"blue""#)
        #expect(
            Set(Self.violations(text)) == [
                "$.specversion const", "$.subject pattern", "$.data.grantedBy.state pattern",
                "$.data.scope.activityKinds[1] enum",
                "$.data.scope.validFrom anyOf", "$.data.instrument.reference required", "$.colour additionalProperties",
            ])
    }

    @Test func reportsEveryKeywordAStringBreaks() {
        // An empty id is too short and does not match the pattern: JSON Schema reports both, and so does Suivi.
        let text = Self.valid.replacingOccurrences(of: #""id":"c-1""#, with: #""id":"""#)
        #expect(Self.violations(text) == ["$.id minLength", "$.id pattern"])
    }

    @Test func unknownTypeIsReportedAndDataLeftUnread() {
        let text = Self.valid.replacingOccurrences(
            of: "suivi.command.GiveConsent", with: "suivi.command.GiveConsentNow")
        #expect(Self.violations(text) == ["$.type unknownType"])
    }

    @Test func missingDataIsRequiredNotATypeError() {
        let text =
            #"{"specversion":"1.0","id":"c","source":"s","type":"suivi.command.CloseCase","subject":"x","time":"2026-01-01T00:00:00Z","actor":"a","actorrole":"secretariat"}"#
        #expect(Self.violations(text) == ["$.data required"])
    }

    @Test func integersFollowJSONSchema() {
        func mandate(_ session: String) -> String {
            #"{"specversion":"1.0","id":"c","source":"s","type":"suivi.command.MandateReport","subject":"r","time":"2026-01-01T00:00:00Z","actor":"a","actorrole":"secretariat","data":{"resolution":"A/HRC/RES/42/30","title":"t","dueSession":"#
                + session + "}}"
        }
        #expect(Self.violations(mandate("47")) == [])
        #expect(Self.violations(mandate("47.0")) == [])  // an integer in JSON Schema
        #expect(Self.violations(mandate("4.7e1")) == [])
        #expect(Self.violations(mandate("47.5")) == ["$.data.dueSession type"])
        #expect(Self.violations(mandate("0")) == ["$.data.dueSession minimum"])
        #expect(Self.violations(mandate("-0.5")) == ["$.data.dueSession type", "$.data.dueSession minimum"])
        #expect(Self.violations(mandate("true")) == ["$.data.dueSession type"])
        #expect(Self.violations(mandate("1e400")) == ["$.data.dueSession type", "$.data.dueSession maximum"])
    }

    @Test func conditionalRequirementsMirrorTheSchemasIfThen() {
        func decide(_ data: String) -> [String] {
            Self.violations(
                #"{"specversion":"1.0","id":"c","source":"s","type":"suivi.command.DecideAssistance","subject":"x","time":"2026-01-01T00:00:00Z","actor":"a","actorrole":"ohchr-officer","data":"#
                    + data + "}")
        }
        let by = #""decidedBy":{"name":"n","office":"o"},"reason":"r""#
        #expect(decide(#"{"outcome":"decline","# + by + "}") == [])
        #expect(
            Set(decide(#"{"outcome":"approve","# + by + "}")) == [
                "$.data.activityKinds required", "$.data.providers required",
            ])
        #expect(decide(#"{"outcome":"maybe","# + by + "}") == ["$.data.outcome enum"])
    }

    @Test func syntaxAndSizeAreCheckedFirst() {
        #expect(Self.violations("{not json") == ["$ syntax"])
        #expect(Self.violations("[]") == ["$ type"])
        let huge = Array(repeating: UInt8(ascii: " "), count: CommandEnvelope.maximumBytes + 1)
        guard case .failure(let failure) = CommandDecoder.decode(huge) else {
            Issue.record("an oversize message decoded")
            return
        }
        #expect(failure.code == .oversize)
    }

    @Test func everyCommandRoundTripsThroughItsJSON() throws {
        for file in try SchemaConformanceTests.exampleFiles() where file.lastPathComponent.hasPrefix("valid-") {
            let command = try CommandDecoder.decode(try SchemaConformanceTests.bytes(file)).get()
            let again = try CommandPayload.decode(json: command.payload.json, type: command.envelope.type)
            #expect(again == command.payload, "\(file.path)")
        }
    }
}
