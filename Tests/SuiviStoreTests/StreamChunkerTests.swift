import SuiviDomain
import SuiviStore
import Testing

/// How a rebuild cuts the store, read in stream order, into chunks: whole streams whenever they fit,
/// every event once, in order.
@Suite struct StreamChunkerTests {
    /// The scenario's events in stream and version order, as the store gives them to a rebuild.
    static let events: [RecordedEvent] = GapFillTests.events.sorted {
        ($0.streamID, $0.version) < ($1.streamID, $1.version)
    }

    /// Feeds `events` page by page, as the reader does, and returns the chunks.
    static func chunks(_ events: [RecordedEvent], page limit: Int) -> [[RecordedEvent]] {
        var chunker = StreamChunker()
        var chunks: [[RecordedEvent]] = []
        var rest = events[...]
        while true {
            let page = Array(rest.prefix(limit))
            rest = rest.dropFirst(page.count)
            if let chunk = chunker.chunk(after: page, limit: limit) { chunks.append(chunk) }
            if page.count < limit { break }
        }
        if let last = chunker.finish() { chunks.append(last) }
        return chunks
    }

    @Test func theScenarioHasSeveralStreamsOfSeveralEvents() {
        #expect(Set(Self.events.map(\.streamID)).count >= 3)
        #expect(Dictionary(grouping: Self.events, by: \.streamID).values.contains { $0.count >= 3 })
    }

    @Test func everyEventIsInOneChunkInOrderWhateverThePageSize() {
        for limit in 1...(Self.events.count + 1) {
            let chunks = Self.chunks(Self.events, page: limit)
            #expect(chunks.flatMap { $0 } == Self.events, "page of \(limit)")
            #expect(!chunks.contains { $0.isEmpty }, "page of \(limit)")
        }
    }

    @Test func aStreamThatFitsInAPageIsNeverSplit() {
        let longest = Dictionary(grouping: Self.events, by: \.streamID).values.map(\.count).max()!
        for limit in longest...(Self.events.count + 1) {
            let chunks = Self.chunks(Self.events, page: limit)
            let streams = chunks.map { Set($0.map(\.streamID)) }
            for stream in Set(Self.events.map(\.streamID)) {
                #expect(streams.filter { $0.contains(stream) }.count == 1, "\(stream) with pages of \(limit)")
            }
        }
    }

    @Test func aStreamLongerThanAPageIsCutWhereThePageEnds() {
        let longest = Dictionary(grouping: Self.events, by: \.streamID).values.max { $0.count < $1.count }!
        let chunks = Self.chunks(longest, page: 2)
        #expect(chunks.flatMap { $0 } == longest)
        #expect(chunks.count == (longest.count + 1) / 2)
    }

    @Test func nothingReadGivesNoChunk() {
        var chunker = StreamChunker()
        #expect(chunker.chunk(after: [], limit: 10) == nil)
        #expect(chunker.finish() == nil)
    }
}
