import Foundation
import SuiviApp
import Testing

/// README.md, ops/RUNBOOK.md, .env.example and docker-compose.yml agree on every environment variable
/// the code reads: the registry (`EnvironmentVariable.all`) is complete (no source file names a
/// variable missing from it, and only `Environment` calls getenv), and each file documents each entry,
/// README with the registry's default.
@Suite("Documented variables")
struct DocumentedVariablesTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    /// The shipped executables and the libraries they link; the bench and fault-suite tools have their own.
    static let shipped = [
        "SuiviApp", "SuiviCLI", "SuiviDecider", "SuiviProjector", "SuiviStore", "SuiviKafka", "SuiviPostgres", "SuiviDomain",
        "SuiviBuildInfo",
    ]

    static func text(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    static func swiftFiles(_ target: String) -> [String] {
        let base = root.appendingPathComponent("Sources/\(target)").path
        let files = FileManager.default.enumerator(atPath: base)?.compactMap { $0 as? String } ?? []
        return files.filter { $0.hasSuffix(".swift") }.map { "Sources/\(target)/\($0)" }
    }

    /// `"SUIVI_..."` string literals in a source text.
    static func variableLiterals(_ source: String) -> Set<String> {
        var found = Set<String>()
        var rest = Substring(source)
        while let start = rest.range(of: "\"SUIVI_") {
            let name = rest[rest.index(after: start.lowerBound)...].prefix { $0.isUppercase || $0 == "_" || $0.isNumber }
            if rest[name.endIndex...].first == "\"" { found.insert(String(name)) }
            rest = rest[start.upperBound...]
        }
        return found
    }

    @Test func theRegistryListsEveryVariableTheCodeReads() throws {
        let registered = Set(EnvironmentVariable.all.map(\.name))
        #expect(registered.count == EnvironmentVariable.all.count, "a variable is registered twice")
        var read = Set<String>()
        for target in Self.shipped {
            for file in Self.swiftFiles(target) {
                let source = try Self.text(file)
                read.formUnion(Self.variableLiterals(source))
                if !file.hasSuffix("Configuration/Environment.swift") {
                    #expect(!source.contains("getenv("), "\(file) reads the environment itself; go through Environment")
                    #expect(!source.contains("ProcessInfo.processInfo.environment"), "\(file) reads the environment itself")
                }
            }
        }
        #expect(read.count >= 20, "the scan found too few variables: \(read.sorted())")
        for name in read.subtracting(registered).sorted() {
            Issue.record("\(name) is read by the code but missing from EnvironmentVariable.all")
        }
        // The scan itself can fail: a literal outside the registry is noticed.
        #expect(Self.variableLiterals(#"x = env["SUIVI_NOT_REGISTERED"] ?? "SUIVI_LOWER_case""#) == ["SUIVI_NOT_REGISTERED"])
    }

    @Test func readmeRunbookSampleEnvironmentAndComposeDocumentEachVariable() throws {
        let readme = try Self.text("README.md")
        let runbook = try Self.text("ops/RUNBOOK.md")
        let sample = try Self.text(".env.example")
        let compose = try Self.text("docker-compose.yml")
        let rows = readme.split(separator: "\n").filter { $0.hasPrefix("| `SUIVI_") }
        for variable in EnvironmentVariable.all {
            let name = variable.name
            let row = rows.first { $0.hasPrefix("| `\(name)` |") }
            #expect(row != nil, "README.md's configuration table has no row for \(name)")
            if let row {
                let cells = row.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
                #expect(
                    cells.count > 1 && cells[1].contains(variable.defaultValue),
                    "README.md says \(name) defaults to \(cells.count > 1 ? cells[1] : "?"), the code to \(variable.defaultValue)")
            }
            #expect(runbook.contains("`\(name)`"), "ops/RUNBOOK.md does not mention \(name)")
            #expect(sample.contains("\n\(name)=") || sample.contains("\n# \(name)="), ".env.example has no line for \(name)")
            #expect(compose.contains(name), "docker-compose.yml does not set \(name)")
        }
    }
}
