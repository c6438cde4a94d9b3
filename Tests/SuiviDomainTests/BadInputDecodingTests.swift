import Foundation
import SuiviDomain
import Testing

/// The bad-input corpus and the fuzzer's regression inputs, through the decoders alone: each labelled
/// message gets the verdict its label promises, and no input crashes a decoder or breaks a round trip.
@Suite("Bad input, decoded")
struct BadInputDecodingTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../Corpus")
        .standardized

    @Test func theCorpusLabelsAgreeWithTheDecoder() throws {
        let text = try String(contentsOf: Self.corpus.appendingPathComponent("bad-input.ndjson"), encoding: .utf8)
        var counts: [String: Int] = [:]
        for line in text.split(separator: "\n") {
            let entry = try JSONParser.parse(String(line))
            let value =
                entry["value"]?.stringValue.map { Array($0.utf8) }
                ?? [UInt8](Data(base64Encoded: entry["value_b64"]?.stringValue ?? "") ?? Data())
            let key = entry["key"]?.stringValue
            let expect = entry["expect"]?.stringValue ?? ""
            let label = "#\(entry["n"]?.intValue ?? 0) \(entry["kind"]?.stringValue ?? "")"
            counts[expect, default: 0] += 1
            // The headers as the decider reads them: they tell the content mode apart.
            let headers = (entry["headers"]?.arrayValue ?? []).map { pair in
                MessageHeader(name: pair.arrayValue?.first?.stringValue ?? "", value: pair.arrayValue?.last?.stringValue.map { Array($0.utf8) })
            }
            switch CommandDecoder.decode(value: value, headers: headers) {
            case .success(let command):
                let refused = key != nil && key != command.envelope.kafkaKey
                if expect == "dead" { #expect(refused, "\(label) is labelled dead but decodes") }
                if expect == "processed" || expect == "conflict" {
                    #expect(!refused, "\(label): key \(key ?? "") is not the subject")
                }
            case .failure(let failure):
                #expect(expect == "dead" || expect == "decoder", "\(label) is labelled \(expect) but fails: \(failure)")
                #expect(!failure.description.isEmpty)
            }
        }
        #expect(counts.values.reduce(0, +) >= 1_000)
        #expect((counts["dead"] ?? 0) >= 300 && (counts["processed"] ?? 0) >= 300 && (counts["conflict"] ?? 0) > 0)
    }

    @Test func oversizeIsRefusedBeforeParsing() {
        // Not JSON at all, yet the reason is the size: the parser never saw it.
        let garbage = [UInt8](repeating: UInt8(ascii: "["), count: 10 * 1024 * 1024)
        guard case .failure(let failure) = CommandDecoder.decode(garbage) else {
            Issue.record("10 MB accepted")
            return
        }
        #expect(failure.code == .oversize)
        #expect(failure.violations.count == 1)
    }

    @Test func fuzzRegressionInputsDecodeWithoutCrashing() throws {
        let folder = Self.corpus.appendingPathComponent("fuzz-regressions")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter {
            !$0.hasPrefix(".") && $0 != "README.md"
        }
        #expect(files.count >= 5)
        let nul = [UInt8](try Data(contentsOf: folder.appendingPathComponent("nul-in-actor.json")))
        #expect((CommandDecoder.decode(nul).failure?.code) == .nul, "NUL is refused before it reaches PostgreSQL")
        for file in files {
            let bytes = [UInt8](try Data(contentsOf: folder.appendingPathComponent(file)))
            if case .success(let command) = CommandDecoder.decode(bytes) {
                let again = CommandDecoder.decode(command.envelope.sentJSON.canonicalBytes)
                #expect((try? again.get())?.envelope == command.envelope, "\(file)")
            }
            _ = EventEnvelope.decode(bytes)
            if let json = try? JSONParser.parse(bytes) {
                #expect((try? JSONParser.parse(json.canonicalBytes)) == json, "\(file)")
            }
        }
    }
}

extension Result {
    fileprivate var failure: Failure? {
        if case .failure(let failure) = self { return failure }
        return nil
    }
}
