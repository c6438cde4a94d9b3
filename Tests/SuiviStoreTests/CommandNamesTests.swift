import SuiviDomain
import SuiviStore
import Foundation
import Testing

/// The design card's command names (`ConsentGiven`, `ConsultationHeld`, `ReportSubmitted`) and both
/// CloudEvents content modes decode to the same command as their counterparts.
@Suite struct CommandNamesTests {
    static func structured(_ text: String) -> Command { try! CommandDecoder.decode(Array(text.utf8)).get() }

    static let request = #"""
        {"specversion": "1.0", "id": "tgo-req-001", "source": "urn:ohchr:nmirf-tracker", "type": "suivi.command.RequestAssistance", "subject": "case-TGO-2026-001", "time": "2026-01-12T09:15:00Z", "datacontenttype": "application/json", "actor": "kossi.agbeko@ohchr.org", "actorrole": "ohchr-officer", "data": {"state": "TGO", "provider": "ohchr-field-presence", "purpose": "strengthen", "capacities": ["coordination", "information-management"]}}
        """#

    static func consent(type: String, id: String = "alias-consent") -> String {
        #"""
        {"specversion": "1.0", "id": "\#(id)", "source": "urn:ohchr:nmirf-tracker", "type": "suivi.command.\#(type)", "subject": "case-TGO-2026-001", "time": "2026-01-30T10:00:00Z", "datacontenttype": "application/json", "actor": "a.mensah", "actorrole": "state-authority", "data": {"consentId": "consent-TGO-2026-01", "grantedBy": {"name": "Mme Akossiwa Mensah", "office": "Ministère des Droits de l'Homme", "state": "TGO"}, "instrument": {"kind": "note-verbale", "reference": "NV/MDHFCRIR/2026/0143", "dated": "2026-01-28"}, "scope": {"activityKinds": ["needs-assessment", "training"], "providers": ["ohchr-field-presence"], "validFrom": "2026-02-01", "validUntil": "2026-12-31"}}}
        """#
    }

    @Test(arguments: [("ConsentGiven", CommandType.giveConsent), ("ConsultationHeld", .recordConsultationHeld), ("ReportSubmitted", .submitReport)])
    func eachCardNameIsItsCounterpart(alias: String, primary: CommandType) {
        #expect(CommandType(name: alias) == primary)
        #expect(CommandType(cloudEventType: "suivi.command.\(alias)") == primary)
    }

    @Test func consentGivenProducesTheSameEventsAndARepeatIsADuplicate() throws {
        let request = Self.structured(Self.request)
        let given = Self.structured(Self.consent(type: "ConsentGiven"))
        let give = Self.structured(Self.consent(type: "GiveConsent"))
        #expect(given.envelope.typeName == "ConsentGiven" && given.envelope.type == .giveConsent)
        #expect(given.canonicalBytes == give.canonicalBytes, "same fingerprint")

        func run(_ commands: [Command]) -> CommandProcessor {
            var processor = CommandProcessor(heads: [:], outcomes: [:], now: Timestamp(microseconds: 1_800_000_000_000_000))
            for (offset, command) in commands.enumerated() {
                processor.process(CommandProcessor.Incoming(command: command, partition: 0, offset: Int64(offset)))
            }
            return processor
        }
        let viaAlias = run([request, given])
        let viaPrimary = run([request, give])
        #expect(viaAlias.events.map(\.hash) == viaPrimary.events.map(\.hash), "the same events, hash for hash")
        #expect(viaAlias.answers.last?.outcome.commandType == "ConsentGiven", "the outcome names the type as sent")
        #expect(viaPrimary.answers.last?.outcome.commandType == "GiveConsent")

        let repeated = run([request, given, give])
        let last = try #require(repeated.answers.last?.outcome)
        #expect(last.duplicate && last.status == .accepted && last.reasons.isEmpty, "a repeat under the other name is a duplicate")
        #expect(last.commandType == "GiveConsent")
        #expect(repeated.events.count == viaAlias.events.count)
    }

    @Test func binaryModeDecodesToTheSameCommand() throws {
        let structured = Self.structured(Self.consent(type: "ConsentGiven"))
        let json = try JSONParser.parse(Self.consent(type: "ConsentGiven"))
        var headers = [MessageHeader(name: "content-type", value: Array("application/json; charset=utf-8".utf8))]
        for (name, value) in json.objectValue! where name != "data" && name != "datacontenttype" {
            headers.append(MessageHeader(name: "ce_\(name)", value: Array(value.stringValue!.utf8)))
        }
        headers.append(MessageHeader(name: "traceparent-of-some-tool", value: Array("ignored".utf8)))
        let value = json["data"]!.canonicalBytes
        #expect(ContentMode.of(headers, value: value) == .binary)
        let binary = try CommandDecoder.decode(value: value, headers: headers).get()
        #expect(binary.canonicalBytes == structured.canonicalBytes)
        #expect(binary.envelope.typeName == "ConsentGiven")

        var broken = headers.filter { $0.name != "ce_type" }
        broken.append(MessageHeader(name: "ce_colour", value: Array("blue".utf8)))
        guard case .failure(let failure) = CommandDecoder.decode(value: value, headers: broken) else {
            Issue.record("a binary message without ce_type decoded")
            return
        }
        #expect(failure.violations.map(\.path).sorted() == ["header ce_colour", "header ce_type"])
        #expect(failure.violations.map(\.code.rawValue).sorted() == ["additionalProperties", "required"])
        #expect(failure.identity?.id == "alias-consent", "its id can still be read, for an invalid outcome")

        let structuredHeader = [MessageHeader(name: "content-type", value: Array("application/cloudevents+json".utf8))]
        #expect(ContentMode.of(structuredHeader, value: []) == .structured)
        #expect(ContentMode.of([], value: []) == .structured)
        let envelopeBytes = Array(Self.consent(type: "GiveConsent").utf8)
        #expect(ContentMode.of([MessageHeader(name: "ce_id", value: Array("x".utf8))], value: envelopeBytes) == .structured,
            "an envelope with stray ce_ headers and no content-type is structured, as before")
        #expect(try CommandDecoder.decode(value: Array(Self.consent(type: "GiveConsent").utf8), headers: structuredHeader).get()
            .canonicalBytes == structured.canonicalBytes)
    }

    @Test func aDataschemaNamingAnotherMajorVersionIsRefused() {
        for (schema, refused) in [
            ("https://suivi.invalid/schemas/v1/commands/GiveConsent.schema.json", false), ("urn:x:v2", true),
            ("https://x/schemas/v2/commands/GiveConsent.schema.json", true), ("https://x/v1.3/c.json", false), ("https://x#v10", true),
            ("free text for our records", false), ("v0", true), ("v01", false),
        ] {
            let text = Self.consent(type: "GiveConsent").replacingFirst("\"actor\":", with: "\"dataschema\": \"\(schema)\", \"actor\":")
            let result = CommandDecoder.decode(Array(text.utf8))
            #expect((result.failure?.violations.map(\.code.rawValue) == ["not"]) == refused, "\(schema)")
        }
    }
}

extension Result {
    var failure: Failure? { if case .failure(let error) = self { error } else { nil } }
}

extension String {
    func replacingFirst(_ target: String, with replacement: String) -> String {
        let parts = components(separatedBy: target)
        guard parts.count > 1 else { return self }
        return parts[0] + replacement + parts.dropFirst().joined(separator: target)
    }
}
