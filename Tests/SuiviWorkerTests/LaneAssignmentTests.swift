@testable import SuiviWorkers
import Testing

/// How a batch is dealt out to lanes (``LaneAssignment``): every stream to exactly one lane with its items
/// in order, the lanes' counts as even as whole streams allow, nothing lost or duplicated.
@Suite struct LaneAssignmentTests {
    private struct Item: Hashable {
        var stream: String
        var version: Int
    }

    private static let counts = ["case-a": 40, "case-b": 10, "case-c": 30, "case-d": 20, "case-e": 25, "case-f": 5]

    /// `counts[s]` items of each stream s, interleaved as a poll of round-robin cases returns them.
    private static func items(_ counts: [String: Int]) -> [Item] {
        var items: [Item] = []
        for version in 1...(counts.values.max() ?? 1) {
            for stream in counts.keys.sorted() where version <= counts[stream]! { items.append(Item(stream: stream, version: version)) }
        }
        return items
    }

    @Test func everyStreamGoesToExactlyOneLaneWithAllItsItemsInOrder() {
        let items = Self.items(Self.counts)
        let parts = LaneAssignment(lanes: 2, minimumShare: 1).split(items) { $0.stream }
        #expect(parts.count == 2)
        var seen: Set<String> = []
        for part in parts {
            let streams = Set(part.map(\.stream))
            #expect(seen.isDisjoint(with: streams), "a stream in two lanes")
            seen.formUnion(streams)
            for stream in streams {
                #expect(part.filter { $0.stream == stream }.map(\.version) == Array(1...Self.counts[stream]!))
            }
        }
        #expect(seen == Set(Self.counts.keys))
        #expect(parts.map(\.count).reduce(0, +) == items.count)
        #expect(Set(parts.joined()) == Set(items))
    }

    /// The streams of each part, in part order.
    private static func streams(_ parts: [[Item]]) -> [Set<String>] { parts.map { Set($0.map(\.stream)) } }

    @Test func theLanesGetCountsAsEvenAsWholeStreamsAllow() {
        // 40, 30, 25, 20, 10, 5, largest first to the emptier lane: a+d+f = 65 and c+e+b = 65.
        let two = LaneAssignment(lanes: 2, minimumShare: 1).split(Self.items(Self.counts)) { $0.stream }
        #expect(two.map(\.count) == [65, 65])
        #expect(Self.streams(two) == [["case-a", "case-d", "case-f"], ["case-c", "case-e", "case-b"]])
        // Three lanes: 40+5 | 30+10 | 25+20 = 45 | 40 | 45.
        let three = LaneAssignment(lanes: 3, minimumShare: 1).split(Self.items(Self.counts)) { $0.stream }
        #expect(three.map(\.count) == [45, 40, 45])
        #expect(Self.streams(three) == [["case-a", "case-f"], ["case-c", "case-b"], ["case-e", "case-d"]])
    }

    @Test func theSameCountsAlwaysGiveTheSameLanes() {
        // Equal counts: ties go by stream id, so w, x, y to parts 0, 1, 2, then z to the first of the least loaded.
        let items = Self.items(["w": 7, "x": 7, "y": 7, "z": 7])
        let first = LaneAssignment(lanes: 3, minimumShare: 1).split(items) { $0.stream }
        for _ in 0..<20 { #expect(LaneAssignment(lanes: 3, minimumShare: 1).split(items) { $0.stream } == first) }
        #expect(Self.streams(first) == [["w", "z"], ["x"], ["y"]])
    }

    @Test func oneLaneOrOneStreamLeavesTheItemsWhole() {
        let items = Self.items(["case-a": 3, "case-b": 4])
        #expect(LaneAssignment(lanes: 1, minimumShare: 1).split(items) { $0.stream } == [items])
        let single = Self.items(["case-a": 9])
        #expect(LaneAssignment(lanes: 4, minimumShare: 1).split(single) { $0.stream } == [single])
        #expect(LaneAssignment(lanes: 4, minimumShare: 1).split([Item]()) { $0.stream } == [[]])
        // More lanes than streams: only lanes with items get a part.
        #expect(LaneAssignment(lanes: 8, minimumShare: 1).split(items) { $0.stream }.count == 2)
        #expect(LaneAssignment(lanes: 0).lanes == 1)
    }

    @Test func aSmallBatchStaysWholeAndABigOneGetsAsManyPartsAsItsSizeAllows() {
        let assignment = LaneAssignment(lanes: 4, minimumShare: 200)
        #expect(assignment.parts(for: 0) == 1)
        #expect(assignment.parts(for: 399) == 1)
        #expect(assignment.parts(for: 400) == 2)
        #expect(assignment.parts(for: 799) == 3)
        #expect(assignment.parts(for: 2_000) == 4)
        // 40 events of 40 streams, as at a low rate: one part, one transaction.
        let few = Self.items(Dictionary(uniqueKeysWithValues: (0..<40).map { ("case-\($0)", 1) }))
        #expect(assignment.split(few) { $0.stream } == [few])
        // 2,000 events of 1,000 streams: four parts of 500.
        let many = Self.items(Dictionary(uniqueKeysWithValues: (0..<1_000).map { ("case-\($0)", 2) }))
        #expect(assignment.split(many) { $0.stream }.map(\.count) == [500, 500, 500, 500])
    }
}
