import SuiviDomain
import Testing

/// An object's members are kept sorted by name in byte order (`JSON.Members`): they must behave as the
/// dictionary they replaced, whatever order they were parsed or set in.
@Suite struct JSONMembersTests {
    @Test func membersParsedInAnyOrderAreTheSameObject() throws {
        let sorted = try JSONParser.parse(#"{"a": 1, "b": {"x": true, "y": null}, "c": "z"}"#)
        let unsorted = try JSONParser.parse(#"{"c": "z", "b": {"y": null, "x": true}, "a": 1}"#)
        #expect(sorted == unsorted)
        #expect(sorted.hashValue == unsorted.hashValue)
        #expect(unsorted.canonicalText == #"{"a":1,"b":{"x":true,"y":null},"c":"z"}"#)
        #expect(unsorted.objectValue?.keys == ["a", "b", "c"])
    }

    @Test func namesAreOrderedByTheirBytes() throws {
        // Upper case before lower case, a shorter prefix first, multi-byte UTF-8 after ASCII.
        let value = try JSONParser.parse(#"{"é": 1, "b": 2, "B": 3, "ba": 4, "": 5}"#)
        #expect(value.objectValue?.keys == ["", "B", "b", "ba", "é"])
        #expect(value["é"] == 1)
        #expect(value[""] == 5)
        #expect(value["c"] == nil)
    }

    /// Past 16 members the parser hashes the names to find a duplicate; it must find it all the same, at
    /// the same byte, and accept many distinct names.
    @Test func aDuplicateNameIsRefusedInALargeObjectToo() throws {
        let names = (0..<40).map { "m\($0)" }
        let distinct = "{" + names.map { "\"\($0)\": 0" }.joined(separator: ", ") + "}"
        #expect(try JSONParser.parse(distinct).objectValue?.count == 40)
        let repeated = "{" + (names + ["m7"]).map { "\"\($0)\":0" }.joined(separator: ",") + "}"
        do {
            _ = try JSONParser.parse(repeated)
            Issue.record("a repeated name was accepted")
        } catch {
            #expect(error.reason == "duplicate member \"m7\"")
            #expect(error.offset == repeated.utf8.count - 1)
        }
    }

    @Test func settingReplacingAndRemovingKeepTheOrder() {
        var members: JSON.Members = ["b": 2, "d": 4]
        members["c"] = 3
        members["a"] = 1
        #expect(members.keys == ["a", "b", "c", "d"])
        #expect(members.updateValue(20, forKey: "b") == 2)
        #expect(members["b"] == 20)
        members["c"] = nil
        members["zz"] = nil
        #expect(members.keys == ["a", "b", "d"])
        members.merge(["a": 10, "e": 5]) { _, new in new }
        #expect(members.values == [10, 20, 4, 5])
        #expect(members.index(forKey: "d") == 2)
        #expect(members.index(forKey: "c") == nil)
        #expect(JSON.object(members) == JSON.object(["e": 5, "d": 4, "b": 20, "a": 10]))
    }

    @Test func aDictionaryAndPairsGiveTheSameMembers() {
        let dictionary: [String: JSON] = ["k": "v", "a": [1, 2], "m": ["n": false]]
        let members = JSON.Members(dictionary)
        #expect(members.keys == ["a", "k", "m"])
        let pairs: [(String, JSON)] = [("m", ["n": false]), ("k", "v"), ("a", [1, 2])]
        #expect(JSON.Members(uniqueKeysWithValues: pairs) == members)
        #expect(members.mapValues { _ in .null }.values == [.null, .null, .null])
        #expect(members.filter { $0.key != "k" }.keys == ["a", "m"])
    }
}
