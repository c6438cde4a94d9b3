import Foundation
import SuiviDomain
import Testing

/// The integrators' contract (`Schemas/`) says what the code does: every outcome status, rejection code and
/// command alias is documented and in the schemas' enums, the aliases and the binary content mode decode to
/// the same command, the `dataschema` rule of the schema is the decoder's, and outcomes are schema-valid.
@Suite struct IntegratorContractTests {
    static let schemas = SchemaConformanceTests.schemas

    static func text(_ name: String) throws -> String {
        try String(contentsOf: schemas.appendingPathComponent(name), encoding: .utf8)
    }

    static func schema(_ name: String) throws -> JSON {
        try JSONParser.parse(try text(name))
    }

    static func strings(_ json: JSON?) -> [String] {
        (json?.arrayValue ?? []).compactMap(\.stringValue)
    }

    // MARK: Documented and in the enums

    @Test func everyOutcomeStatusIsDocumentedAndInTheOutcomeSchema() throws {
        let readme = try Self.text("README.md")
        let outcome = try Self.schema("outcome.schema.json")
        let statuses = Self.strings(outcome["properties"]?["status"]?["enum"])
        #expect(Set(statuses) == Set(CommandOutcome.Status.allCases.map(\.rawValue)), "outcome.schema.json status enum")
        for status in CommandOutcome.Status.allCases {
            #expect(readme.contains("`\(status.rawValue)`"), "README.md does not explain the status \(status.rawValue)")
        }
        // Only invalid outcomes may lack commandType and subject; every member the code writes is in the schema.
        let properties = Set(outcome["properties"]?.objectValue?.keys.map { $0 } ?? [])
        for member in ["commandId", "commandType", "subject", "status", "eventIds", "reasons", "recordedAt", "duplicate",
            "source", "traceparent", "violations"]
        {
            #expect(properties.contains(member), "outcome.schema.json lacks \(member)")
        }
        #expect(!Self.strings(outcome["required"]).contains("commandType"))
        #expect(Set(Self.strings(outcome["else"]?["required"])) == ["commandType", "subject"])
    }

    @Test func everyRejectionCodeIsDocumentedAndFitsTheOutcomeSchema() throws {
        let readme = try Self.text("README.md")
        let outcome = try Self.schema("outcome.schema.json")
        let pattern = try #require(outcome["properties"]?["reasons"]?["items"]?["properties"]?["code"]?["pattern"]?.stringValue)
        let regex = try NSRegularExpression(pattern: pattern)
        for code in Rejection.Code.catalogue {
            #expect(readme.contains("| `\(code.rawValue)` |"), "README.md does not explain \(code.rawValue)")
            let range = NSRange(code.rawValue.startIndex..., in: code.rawValue)
            #expect(regex.firstMatch(in: code.rawValue, range: range) != nil, "\(code.rawValue) does not fit \(pattern)")
        }
        #expect(
            outcome["then"]?["properties"]?["reasons"]?["items"]?["properties"]?["code"]?["const"]?.stringValue
                == Rejection.Code.messageInvalid.rawValue)
    }

    @Test func everyAcceptedNameIsInTheEnvelopeAndOutcomeEnums() throws {
        let envelope = try Self.schema("envelope.schema.json")
        let outcome = try Self.schema("outcome.schema.json")
        #expect(
            Self.strings(envelope["properties"]?["type"]?["enum"]) == CommandType.acceptedNames.map { CommandType.prefix + $0 },
            "envelope.schema.json type enum")
        #expect(Self.strings(outcome["properties"]?["commandType"]?["enum"]) == CommandType.acceptedNames, "outcome.schema.json commandType enum")
        #expect(envelope["properties"]?["partitionkey"]?["maxLength"]?.intValue == 200)
        #expect(envelope["properties"]?["partitionkey"]?["type"]?.stringValue == "string")
    }

    @Test func everyAliasIsDocumentedWithItsSchemaAndInTheAsyncAPIAndTheValidator() throws {
        let readme = try Self.text("README.md")
        let asyncapi = try Self.text("asyncapi.yaml")
        let validator = try Self.text("tools/validate.py")
        #expect(!CommandType.aliases.isEmpty)
        for (alias, command) in CommandType.aliases.sorted(by: { $0.key < $1.key }) {
            // The mapping table: the command's row names the alias among its accepted names.
            let row = readme.split(separator: "\n").first { $0.hasPrefix("|") && $0.contains("| \(command.rawValue) |") }
            #expect(row?.contains("`\(alias)`") == true, "README.md's mapping row of \(command.rawValue) does not name `\(alias)`")
            #expect(asyncapi.contains("$ref: 'commands/\(alias).schema.json'"), "asyncapi.yaml lacks the schema of \(alias)")
            #expect(asyncapi.contains("title: suivi.command.\(alias)"), "asyncapi.yaml lacks the message \(alias)")
            #expect(validator.contains("\"\(alias)\": \"\(command.rawValue)\""), "validate.py's ALIASES lacks \(alias)")
            let schema = try Self.schema("commands/\(alias).schema.json")
            #expect(schema["properties"]?["type"]?["const"]?.stringValue == CommandType.prefix + alias)
            #expect(schema["properties"]?["data"]?["$ref"]?.stringValue == "\(command.rawValue).schema.json#/$defs/data")
        }
        let aliasLines = validator.split(separator: "\n").filter { $0.range(of: #"^    "[A-Za-z]+": "[A-Za-z]+",$"#, options: .regularExpression) != nil }
        #expect(aliasLines.count == CommandType.aliases.count, "validate.py's ALIASES has \(aliasLines.count) entries")
    }

    @Test func theReadmeDocumentsTheContentModesKeyAndEvolution() throws {
        let readme = try Self.text("README.md")
        for needle in [
            "application/cloudevents+json", "ce_specversion", "ce_partitionkey", "`partitionkey`", "header ce_",
            "header content-type", "key-mismatch", "SUIVI_DEPENDENCY_WAIT", "suivi_commands_held",
            "suivi_commands_held_oldest_seconds", "suivi_dependency_wait_seconds", "suivi_commands_invalid_total",
            "## How the contract evolves", "`traceparent`", "`source`", "`violations`",
        ] {
            #expect(readme.contains(needle), "README.md does not mention \(needle)")
        }
    }

    // MARK: What the documents claim, checked against the decoder

    static let giveConsent = """
        {"specversion":"1.0","id":"c-1","source":"urn:test","type":"suivi.command.GiveConsent","subject":"case-TGO-1",
         "time":"2026-01-30T10:00:00Z","actor":"a.mensah","actorrole":"state-authority",
         "data":{"consentId":"consent-1","grantedBy":{"name":"A. Mensah","office":"Ministère","state":"TGO"},
                 "instrument":{"kind":"note-verbale","reference":"NV/1","dated":"2026-01-28"},
                 "scope":{"activityKinds":["training"],"providers":["ohchr-field-presence"],"validFrom":"2026-02-01","validUntil":"2026-12-31"}}}
        """

    static func withMember(_ text: String, _ name: String, _ value: JSON) throws -> JSON {
        var members = try #require(try JSONParser.parse(text).objectValue)
        members[name] = value
        return .object(members)
    }

    static func decode(_ json: JSON) -> Result<Command, DecodingFailure> {
        CommandDecoder.decode(json.canonicalBytes)
    }

    /// The schema's `not` pattern on `dataschema` refuses exactly what the decoder refuses.
    @Test func theDataschemaRuleOfTheSchemaIsTheDecoders() throws {
        let envelope = try Self.schema("envelope.schema.json")
        let pattern = try #require(envelope["properties"]?["dataschema"]?["not"]?["pattern"]?.stringValue)
        let regex = try NSRegularExpression(pattern: pattern)
        let refused = [
            "v0", "v2", "v10", "/v2/", "#v3", "v00", "v0010", "urn:suivi:v2", "a:v2.", "v1:v2",
            "https://suivi.invalid/schemas/v2/commands/GiveConsent.schema.json", "https://example.org/contract#v3",
        ]
        let accepted = [
            "v1", "v01", "v001", "v1.3", "/v1/", "#v1#", "free text", "v", "/v/", "vx2", "dev2/", "/v2x/", "v2x",
            "https://suivi.invalid/schemas/v1/commands/GiveConsent.schema.json", "urn:partner:schema:2024",
        ]
        for (value, refuse) in refused.map({ ($0, true) }) + accepted.map({ ($0, false) }) {
            let schemaRefuses = regex.firstMatch(in: value, range: NSRange(value.startIndex..., in: value)) != nil
            #expect(schemaRefuses == refuse, "the schema's pattern on \"\(value)\"")
            var decoderRefuses = false
            if case .failure(let failure) = Self.decode(try Self.withMember(Self.giveConsent, "dataschema", .string(value))) {
                decoderRefuses = failure.violations.contains { $0.path == "$.dataschema" && $0.code == .not }
                #expect(failure.violations.count == 1, "\"\(value)\": \(failure.violations)")
            }
            #expect(decoderRefuses == refuse, "the decoder on dataschema \"\(value)\"")
        }
    }

    /// A command under an alias is its command: same type, same fingerprint; only the name as sent differs.
    @Test func anAliasDecodesToItsCommandWithTheSameFingerprint() throws {
        let primary = try #require(try? Self.decode(try JSONParser.parse(Self.giveConsent)).get())
        let alias = try #require(
            try? Self.decode(try Self.withMember(Self.giveConsent, "type", .string("suivi.command.ConsentGiven"))).get())
        #expect(alias.envelope.type == .giveConsent)
        #expect(alias.envelope.typeName == "ConsentGiven")
        #expect(primary.envelope.typeName == "GiveConsent")
        #expect(alias.canonicalBytes == primary.canonicalBytes)
        for (name, command) in CommandType.aliases {
            #expect(CommandType(cloudEventType: CommandType.prefix + name) == command)
            #expect(CommandType(rawValue: name) == nil, "\(name) is an alias, not a command's own name")
        }
    }

    /// The README's binary example: the same command, with the same fingerprint, as its structured form.
    @Test func binaryModeDecodesToTheSameCommandAsStructuredMode() throws {
        let structured = try #require(try? Self.decode(try JSONParser.parse(Self.giveConsent)).get())
        let envelope = try #require(try JSONParser.parse(Self.giveConsent).objectValue)
        func headers(_ extra: [(String, String)] = [], without: Set<String> = []) -> [MessageHeader] {
            var list = [MessageHeader(name: "content-type", value: Array("application/json; charset=utf-8".utf8))]
            for (name, value) in envelope.sorted(by: { $0.key < $1.key }) where name != "data" && !without.contains(name) {
                list.append(MessageHeader(name: "ce_\(name)", value: Array((value.stringValue ?? "").utf8)))
            }
            for (name, value) in extra { list.append(MessageHeader(name: name, value: Array(value.utf8))) }
            return list
        }
        let data = try #require(envelope["data"]).canonicalBytes
        let binary = try #require(try? CommandDecoder.decode(value: data, headers: headers([("traceparent-of-a-tool", "x")])).get())
        #expect(binary.canonicalBytes == structured.canonicalBytes)
        #expect(binary.envelope == structured.envelope)
        // Structured mode with the content-type header says so, and decodes as before.
        let asStructured = CommandDecoder.decode(
            value: Array(Self.giveConsent.utf8),
            headers: [MessageHeader(name: "content-type", value: Array("application/cloudevents+json".utf8))])
        #expect((try? asStructured.get())?.canonicalBytes == structured.canonicalBytes)
        // Where violations are reported in binary mode.
        func paths(_ result: Result<Command, DecodingFailure>) -> [String] {
            if case .failure(let failure) = result { return failure.violations.map { "\($0.path) \($0.code)" }.sorted() }
            return []
        }
        #expect(paths(CommandDecoder.decode(value: data, headers: headers(without: ["actorrole"]))) == ["header ce_actorrole required"])
        #expect(paths(CommandDecoder.decode(value: Array("{".utf8), headers: headers())) == ["value syntax"])
        #expect(paths(CommandDecoder.decode(value: [], headers: headers())) == ["value required"])
        var wrongType = headers()
        wrongType[0] = MessageHeader(name: "content-type", value: Array("text/plain".utf8))
        #expect(paths(CommandDecoder.decode(value: data, headers: wrongType)) == ["header content-type const"])
        #expect(paths(CommandDecoder.decode(value: data, headers: headers([("ce_partitionkey", "")]))) == ["header ce_partitionkey minLength"])
    }

    /// Outcomes as the code writes them (accepted, rejected, invalid with and without a readable subject)
    /// are valid by `outcome.schema.json`, checked by `tools/validate.py --schema`.
    @Test func outcomesAsWrittenAreValidByTheOutcomeSchema() throws {
        let now = try #require(Timestamp(rfc3339: "2026-02-01T10:00:00Z"))
        let outcomes: [CommandOutcome] = [
            CommandOutcome(
                commandID: "c-1", commandType: "ConsentGiven", subject: "case-TGO-1", status: .accepted,
                eventIDs: ["0190c8f0-6b7a-7cc1-8f3e-2b1f6a4f1d2e"], reasons: [], recordedAt: now, source: "urn:test",
                traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"),
            CommandOutcome(
                commandID: "c-2", commandType: "SubmitReport", subject: "report-1", status: .rejected, eventIDs: [],
                reasons: [Rejection(.reportConsultationNotHeld, "rc-1 was not held")], recordedAt: now, duplicate: true),
            .invalid(
                MessageIdentity(id: "c-3", subject: "case-TGO-1", typeName: "GiveConsent", source: "urn:test"),
                violations: [Violation(path: "$.data.scope.validFrom", code: .anyOf, message: "must be a date")], recordedAt: now),
            .invalid(
                MessageIdentity(id: "c-4"),
                violations: [
                    Violation(path: "header ce_subject", code: .required, message: "is required"),
                    Violation(path: "header ce_type", code: .unknownType, message: "is not a Suivi command type"),
                ], recordedAt: now),
        ]
        let lines = outcomes.map(\.json.canonicalText)
        // Without violations, an invalid outcome is not valid: the schema can fail.
        var broken = try #require(outcomes[3].json.objectValue)
        broken["violations"] = nil
        let brokenLine = JSON.object(broken).canonicalText
        #expect(outcomes[3].json["commandType"] == nil && outcomes[3].json["subject"] == nil)
        #expect(outcomes[2].reasons.first?.message.hasPrefix("dead-lettered: ") == true)

        guard let python = ProcessInfo.processInfo.environment["SUIVI_PYTHON"], !python.isEmpty else {
            Issue.record("SUIVI_PYTHON is not set: run the tests through ops/test, or set it to a Python with jsonschema")
            return
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("suivi-outcomes-\(UUID().uuidString).ndjson")
        try (lines + [brokenLine]).joined(separator: "\n").appending("\n").write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [Self.schemas.appendingPathComponent("tools/validate.py").path, "--schema", "outcome.schema.json", file.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let verdicts = try String(decoding: stdout, as: UTF8.self).split(separator: "\n").map { try JSONParser.parse(String($0)) }
        try #require(verdicts.count == lines.count + 1, "validate.py: \(String(decoding: stdout, as: UTF8.self).suffix(2000))")
        for (index, verdict) in verdicts.dropLast().enumerated() {
            #expect(verdict["valid"]?.boolValue == true, "outcome \(index + 1): \(verdict.canonicalText)")
        }
        #expect(verdicts.last?["valid"]?.boolValue == false, "an invalid outcome without violations passed the schema")
        #expect(process.terminationStatus == 1)
    }
}
