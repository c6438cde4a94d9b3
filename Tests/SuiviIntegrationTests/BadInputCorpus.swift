import Foundation
import SuiviDomain

/// `Tests/Corpus/bad-input.ndjson` (made by `Tests/Corpus/generate-bad-input.py`), plus the oversized
/// bodies that are built here rather than stored: bad messages interleaved with valid ones.
struct BadInputCorpus {
    struct Entry {
        let n: Int
        let kind: String
        /// `processed`, `dead`, `conflict`, or `decoder` (whatever the decoder says).
        let expect: String
        let key: [UInt8]?
        let headers: [(String, [UInt8])]
        let value: [UInt8]
    }

    /// What the decider must do with a message, as the domain's own decoder decides it.
    enum Verdict: Equatable {
        case deadLetter(code: String)
        case outcome(id: String)
    }

    static let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../Corpus/bad-input.ndjson").standardized

    static func load() throws -> [Entry] {
        let text = try String(contentsOf: file, encoding: .utf8)
        return try text.split(separator: "\n").map { line in
            let json = try JSONParser.parse(String(line))
            let value: [UInt8]
            if let text = json["value"]?.stringValue {
                value = Array(text.utf8)
            } else {
                value = [UInt8](Data(base64Encoded: json["value_b64"]?.stringValue ?? "") ?? Data())
            }
            return Entry(
                n: json["n"]?.intValue ?? 0, kind: json["kind"]?.stringValue ?? "",
                expect: json["expect"]?.stringValue ?? "",
                key: json["key"]?.stringValue.map { Array($0.utf8) },
                headers: (json["headers"]?.arrayValue ?? []).map { pair in
                    (pair.arrayValue?.first?.stringValue ?? "", Array((pair.arrayValue?.last?.stringValue ?? "").utf8))
                },
                value: value)
        }
    }

    /// Bodies too large to keep in the repository: 10 MB of garbage, a 10 MB envelope that would be valid
    /// but for its size, and one byte over the limit.
    static func oversized(after n: Int) -> [Entry] {
        let tenMB = 10 * 1024 * 1024
        let envelope =
            #"{"specversion":"1.0","id":"bi-huge","source":"urn:x","type":"suivi.command.RequestAssistance","subject":"case-huge","time":"2026-01-12T09:15:00Z","actor":"a","actorrole":"ohchr-officer","data":{"state":"TGO","provider":"ohchr-field-presence","purpose":"strengthen","capacities":["coordination"],"description":""#
        func padded(_ prefix: String, to size: Int) -> [UInt8] {
            var bytes = Array(prefix.utf8)
            bytes.append(contentsOf: repeatElement(UInt8(ascii: "A"), count: size - bytes.count - 3))
            bytes.append(contentsOf: Array(#""}}"#.utf8))
            return bytes
        }
        return [
            Entry(
                n: n + 1, kind: "oversize/garbage", expect: "dead", key: Array("case-huge".utf8), headers: [],
                value: [UInt8](repeating: UInt8(ascii: "{"), count: tenMB)),
            Entry(
                n: n + 2, kind: "oversize/envelope", expect: "dead", key: Array("case-huge".utf8), headers: [],
                value: padded(envelope, to: tenMB)),
            Entry(
                n: n + 3, kind: "oversize/limit+1", expect: "dead", key: Array("case-huge".utf8), headers: [],
                value: padded(envelope, to: CommandEnvelope.maximumBytes + 1)),
        ]
    }

    static func verdict(_ entry: Entry) -> Verdict {
        let headers = entry.headers.map { MessageHeader(name: $0.0, value: $0.1) }
        switch CommandDecoder.decode(value: entry.value, headers: headers) {
        case .failure(let failure): return .deadLetter(code: failure.code.rawValue)
        case .success(let command):
            if let key = entry.key, key != Array(command.envelope.kafkaKey.utf8) { return .deadLetter(code: "key-mismatch") }
            return .outcome(id: command.id)
        }
    }
}
