import SuiviDomain
import SuiviStore
import Testing

/// The hash chain is computed from bytes written member by member (`EventHash.recordBytes`) for speed;
/// they must stay byte for byte the canonical JSON of `EventHash.record`, which auditors re-create, or
/// every stored hash would stop verifying.
@Suite struct EventHashTests {
    @Test func theRecordBytesAreTheCanonicalJSONOfTheRecord() throws {
        var processor = CommandProcessor(heads: [:], outcomes: [:], now: SystemClock.now())
        for (offset, line) in try AuditScenarioTests.scenario().enumerated() {
            let command = try CommandDecoder.decode(line.bytes).get()
            processor.process(.init(command: command, partition: 0, offset: Int64(offset)))
        }
        #expect(processor.events.count > 30)
        var types: Set<String> = []
        for event in processor.events {
            let recorded = event.recorded
            types.insert(recorded.event.typeName)
            #expect(
                EventHash.recordBytes(recorded) == EventHash.record(recorded).canonicalBytes,
                "\(recorded.event.typeName) \(recorded.metadata.eventID)")
            // `compute` hashes the record in parts around the data: the same bytes, so the same link.
            #expect(
                event.hash == EventHash.sha256((event.previousHash ?? EventHash.genesis) + EventHash.recordBytes(recorded)),
                "\(recorded.event.typeName) \(recorded.metadata.eventID)")
            #expect(EventHash.compute(previous: event.previousHash, event: recorded) == event.hash)
        }
        #expect(types.count > 10, "the scenario covers most event types: \(types.sorted())")
    }

    /// The relay writes each event's message member by member too (`EventEnvelope.bytes`): it must be the
    /// canonical JSON of `EventEnvelope.json`, which the schemas and every consumer read.
    @Test func theEnvelopeBytesAreTheCanonicalJSONOfTheEnvelope() throws {
        var processor = CommandProcessor(heads: [:], outcomes: [:], now: SystemClock.now())
        for (offset, line) in try AuditScenarioTests.scenario().enumerated() {
            let command = try CommandDecoder.decode(line.bytes).get()
            processor.process(.init(command: command, partition: 0, offset: Int64(offset)))
        }
        var consents = 0
        for (index, event) in processor.events.enumerated() {
            var recorded = event.recorded
            recorded.position = Int64(index + 1)
            if recorded.metadata.consentID != nil { consents += 1 }
            for onBehalfOf in [recorded.metadata.onBehalfOf, "office \"of\" the\nState", nil] {
                recorded.metadata.onBehalfOf = onBehalfOf
                let expected = EventEnvelope.json(recorded, hash: event.hash).canonicalBytes
                #expect(EventEnvelope.bytes(recorded, hash: event.hash) == expected, "\(recorded.event.typeName)")
                #expect(
                    EventEnvelope.bytes(recorded, hash: event.hash, data: recorded.event.data.canonicalBytes) == expected)
            }
        }
        #expect(consents > 0 && consents < processor.events.count, "events with and without a consent id")
    }

    @Test func eventIDsAreVersion8UUIDsFromTheName() {
        let id = EventHash.uuid("suivi-event:cmd-1:0")
        let digest = Hex.encode(EventHash.sha256(Array("suivi-event:cmd-1:0".utf8)).prefix(16))
        let parts = id.split(separator: "-").map(String.init)
        #expect(parts.map(\.count) == [8, 4, 4, 4, 12])
        #expect(parts[0] + parts[1] == String(digest.prefix(12)), "the first 6 bytes are the digest's")
        #expect(parts[2].first == "8", "version 8")
        #expect(["8", "9", "a", "b"].contains(parts[3].first!), "RFC 9562 variant")
        #expect(parts[4] == String(digest.suffix(12)), "the last 6 bytes are the digest's")
        #expect(EventHash.uuid("suivi-event:cmd-1:0") == id, "the same name gives the same id")
    }
}
