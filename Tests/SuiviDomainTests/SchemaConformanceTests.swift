import Foundation
import SuiviDomain
import Testing

/// Suivi must accept exactly what the published schemas accept. Every example in `Schemas/examples`
/// goes through the Swift decoder here, and, when `SUIVI_PYTHON` is set, through an independent JSON
/// Schema validator (Python's jsonschema, `Schemas/tools/validate.py`); both must agree on each one.
@Suite struct SchemaConformanceTests {
    static let schemas = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Schemas")
    static let examples = schemas.appendingPathComponent("examples")

    /// A violation as JSON Schema names it; the decoder's `unknownType` is the schemas' `enum` on `type`.
    struct Finding: Hashable, CustomStringConvertible {
        var path: String
        var keyword: String
        var description: String { "\(path) \(keyword)" }
    }

    static func findings(_ bytes: [UInt8]) -> Set<Finding> {
        switch CommandDecoder.decode(bytes) {
        case .success: return []
        case .failure(let failure):
            return Set(
                failure.violations.map {
                    Finding(path: $0.path, keyword: $0.code == .unknownType ? "enum" : $0.code.rawValue)
                })
        }
    }

    static func exampleFiles() throws -> [URL] {
        let folders = try FileManager.default.contentsOfDirectory(at: examples, includingPropertiesForKeys: nil)
        return folders.filter(\.hasDirectoryPath).flatMap { folder in
            ((try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? [])
                .filter { $0.pathExtension == "json" && !$0.lastPathComponent.hasSuffix(".expect.json") }
        }.sorted { $0.path < $1.path }
    }

    static func bytes(_ url: URL) throws -> [UInt8] { Array(try Data(contentsOf: url)) }

    @Test func everyCommandHasItsSchemaAndExamples() throws {
        for type in CommandType.allCases {
            let schema = Self.schemas.appendingPathComponent("commands/\(type.rawValue).schema.json")
            #expect(FileManager.default.fileExists(atPath: schema.path), "missing \(schema.lastPathComponent)")
            for kind in ["valid", "invalid"] {
                for number in 1...3 {
                    let file = Self.examples.appendingPathComponent("\(type.rawValue)/\(kind)-\(number).json")
                    #expect(
                        FileManager.default.fileExists(atPath: file.path),
                        "missing \(type.rawValue)/\(kind)-\(number).json")
                }
            }
        }
        // Each alias has its own schema (type fixed to the alias, data its command's) and examples.
        for alias in CommandType.aliases.keys.sorted() {
            let schema = Self.schemas.appendingPathComponent("commands/\(alias).schema.json")
            #expect(FileManager.default.fileExists(atPath: schema.path), "missing \(schema.lastPathComponent)")
            for name in ["valid-1.json", "invalid-1.json", "invalid-1.expect.json"] {
                let file = Self.examples.appendingPathComponent("\(alias)/\(name)")
                #expect(FileManager.default.fileExists(atPath: file.path), "missing \(alias)/\(name)")
            }
        }
    }

    /// The example folders: one per accepted name (each command type and each alias), and nothing else.
    static var exampleFolderNames: Set<String> { Set(CommandType.acceptedNames) }

    @Test func validExamplesDecodeAsTheirCommand() throws {
        let files = try Self.exampleFiles().filter { $0.lastPathComponent.hasPrefix("valid-") }
        #expect(files.count >= 3 * CommandType.allCases.count + CommandType.aliases.count)
        for file in files {
            let folder = file.deletingLastPathComponent().lastPathComponent
            #expect(Self.exampleFolderNames.contains(folder), "examples/\(folder) names no command type or alias")
            switch CommandDecoder.decode(try Self.bytes(file)) {
            case .success(let command):
                // The folder is the name as sent; an alias decodes to its command.
                #expect(command.envelope.typeName == folder, "\(folder)/\(file.lastPathComponent)")
                #expect(
                    command.envelope.type == CommandType(name: folder),
                    "\(folder)/\(file.lastPathComponent) decodes as \(command.envelope.type.rawValue)")
            case .failure(let failure):
                Issue.record("\(folder)/\(file.lastPathComponent) should decode: \(failure.violations)")
            }
        }
    }

    @Test func invalidExamplesFailWithExactlyTheExpectedViolation() throws {
        let files = try Self.exampleFiles().filter { $0.lastPathComponent.hasPrefix("invalid-") }
        #expect(files.count >= 3 * CommandType.allCases.count + CommandType.aliases.count)
        for file in files {
            let sidecar = file.deletingPathExtension().appendingPathExtension("expect.json")
            let expect = try JSONParser.parse(try Self.bytes(sidecar))
            let expected = Finding(
                path: expect["path"]?.stringValue ?? "?", keyword: expect["keyword"]?.stringValue ?? "?")
            let found = Self.findings(try Self.bytes(file))
            let name = "\(file.deletingLastPathComponent().lastPathComponent)/\(file.lastPathComponent)"
            #expect(
                found == [expected],
                "\(name): expected only \(expected), decoder found \(found.sorted { $0.path < $1.path })")
        }
    }

    @Test func demoScenarioIsSchemaValid() throws {
        let text = try String(contentsOf: Self.examples.appendingPathComponent("demo-scenario.ndjson"), encoding: .utf8)
        let lines = text.split(separator: "\n").filter { !$0.isEmpty }
        #expect(lines.count > 40)
        for (index, line) in lines.enumerated() {
            if case .failure(let failure) = CommandDecoder.decode(Array(line.utf8)) {
                Issue.record("demo-scenario.ndjson line \(index + 1) does not decode: \(failure)")
            }
        }
    }

    /// The Python validator and the Swift decoder find the same violations (path and keyword) in every
    /// example and in every line of the demo scenario.
    @Test func pythonValidatorAndSwiftDecoderAgree() throws {
        guard let python = ProcessInfo.processInfo.environment["SUIVI_PYTHON"], !python.isEmpty else {
            Issue.record(
                """
                SUIVI_PYTHON is not set, so the independent JSON Schema validator did not run. Run the tests through \
                ops/test (it sets SUIVI_PYTHON to the stack's venv, which has jsonschema), or set SUIVI_PYTHON to a \
                Python with jsonschema and referencing. CI sets it.
                """)
            return
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [Self.schemas.appendingPathComponent("tools/validate.py").path]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(
            process.terminationStatus == 0,
            "validate.py exited with \(process.terminationStatus): \(String(decoding: stderr, as: UTF8.self).suffix(2000)) \(String(decoding: stdout, as: UTF8.self).suffix(2000))"
        )

        var checked = 0
        for line in String(decoding: stdout, as: UTF8.self).split(separator: "\n") {
            let verdict = try JSONParser.parse(String(line))
            let file = URL(fileURLWithPath: verdict["file"]?.stringValue ?? "")
            var message = try Self.bytes(file)
            if let number = verdict["line"]?.intValue {
                let lines = String(decoding: message, as: UTF8.self).split(
                    separator: "\n", omittingEmptySubsequences: false)
                message = Array(lines[number - 1].utf8)
            }
            let python = Set(
                (verdict["errors"]?.arrayValue ?? []).map {
                    Finding(path: $0["path"]?.stringValue ?? "", keyword: $0["keyword"]?.stringValue ?? "")
                })
            let swift = Self.findings(message)
            let name = file.lastPathComponent + (verdict["line"].map { ":\($0.canonicalText)" } ?? "")
            #expect(
                python == swift,
                "\(file.deletingLastPathComponent().lastPathComponent)/\(name): Python \(python), Swift \(swift)")
            checked += 1
        }
        // Every example file and every line of the demo scenario got a verdict: none was skipped.
        let demoLines = try String(
            contentsOf: Self.examples.appendingPathComponent("demo-scenario.ndjson"), encoding: .utf8
        ).split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.count
        #expect(checked >= 6 * CommandType.allCases.count + 2 * CommandType.aliases.count)
        #expect(checked == (try Self.exampleFiles().count) + demoLines, "validate.py gave \(checked) verdicts")
    }
}

@Suite struct ContractDocumentationTests {
    @Test func theReadmeListsEveryRejectionCodeAndCommand() throws {
        let readme = try String(
            contentsOf: SchemaConformanceTests.schemas.appendingPathComponent("README.md"), encoding: .utf8)
        for code in Rejection.Code.catalogue {
            #expect(readme.contains("| `\(code.rawValue)` |"), "README.md does not explain \(code.rawValue)")
        }
        for type in CommandType.allCases {
            #expect(readme.contains("| \(type.rawValue) "), "README.md does not map \(type.rawValue)")
        }
        for event in DomainEvent.typeNames {
            #expect(readme.contains(event), "README.md does not name the event \(event)")
        }
    }

    @Test func theAsyncAPIDocumentNamesEveryCommandAndEventSchema() throws {
        let document = try String(
            contentsOf: SchemaConformanceTests.schemas.appendingPathComponent("asyncapi.yaml"), encoding: .utf8)
        for topic in ["suivi.commands", "suivi.events", "suivi.outcomes", "suivi.deadletters"] {
            #expect(document.contains("address: \(topic)"))
        }
        for type in CommandType.allCases {
            #expect(document.contains("$ref: 'commands/\(type.rawValue).schema.json'"))
        }
        for event in DomainEvent.typeNames {
            #expect(document.contains("$ref: 'events/\(event).schema.json'"), "asyncapi.yaml lacks \(event)")
        }
    }
}
