import SuiviDomain
import Testing

@Suite struct JSONParserTests {
    @Test func parsesEveryKindOfValue() throws {
        let value = try JSONParser.parse(#" {"a": [1, -2.5e3, true, false, null], "b": {"c": "d"}} "#)
        #expect(value["a"] == [.number("1"), .number("-2.5e3"), true, false, .null])
        #expect(value["b"]?["c"] == "d")
    }

    @Test func keepsNumberTextAsWritten() throws {
        #expect(try JSONParser.parse("12345678901234567890") == .number("12345678901234567890"))
        #expect(try JSONParser.parse("1.0") == .number("1.0"))
    }

    @Test(arguments: [
        ("", 0, "unexpected end of input"),
        ("{\"a\" 1}", 5, "expected ':'"),
        ("[1, 2", 5, "unexpected end of input in an array"),
        ("{\"a\": 1,}", 8, "expected a member name"),
        ("01", 1, "unexpected text after the JSON value"),
        ("[1.]", 3, "expected a digit after '.'"),
        ("tru", 0, "unexpected end of input"),
        ("{\"a\": 1, \"a\": 2}", 15, "duplicate member"),
        ("\"a\u{01}b\"", 2, "control character"),
        ("\"\\x\"", 3, "invalid escape"),
        ("\"\\ud800\"", 7, "unpaired surrogate"),
        ("[1] [2]", 4, "unexpected text after the JSON value"),
    ])
    func rejectsInvalidTextWithItsPosition(text: String, offset: Int, reason: String) {
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(text) }
        do {
            _ = try JSONParser.parse(text)
        } catch {
            #expect(error.offset == offset, "\(text): \(error)")
            #expect(error.reason.contains(reason), "\(text): \(error)")
        }
    }

    @Test func rejectsInvalidUTF8() {
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse([0x22, 0xFF, 0xFE, 0x22]) }
    }

    @Test func boundsTheDepth() throws {
        let deepest =
            String(repeating: "[", count: JSONParser.maximumDepth)
            + String(repeating: "]", count: JSONParser.maximumDepth)
        _ = try JSONParser.parse(deepest)
        let tooDeep = "[" + deepest + "]"
        do {
            _ = try JSONParser.parse(tooDeep)
            Issue.record("a document nested \(JSONParser.maximumDepth + 1) levels deep was accepted")
        } catch {
            #expect(error.reason.contains("nested deeper than \(JSONParser.maximumDepth)"))
        }
        // Far deeper input fails the same way, without exhausting the stack.
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(String(repeating: "[", count: 100_000)) }
    }

    @Test func decodesEscapes() throws {
        let value = try JSONParser.parse(#""\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00""#)
        #expect(value == .string("\"\\/\u{08}\u{0C}\n\r\té😀"))
    }

    @Test func writesCanonicalText() throws {
        let value = try JSONParser.parse(#"{ "b": [1, {"z": null, "a": "é\n\u0001"}], "a": true }"#)
        #expect(value.canonicalText == #"{"a":true,"b":[1,{"a":"é\n\u0001","z":null}]}"#)
    }

    @Test func canonicalTextRoundTrips() throws {
        let text = #"{"a":[1,-0.5,"x\"y\\z\t"],"b":{"c":false,"d":null}}"#
        let value = try JSONParser.parse(text)
        #expect(value.canonicalText == text)
        #expect(try JSONParser.parse(value.canonicalBytes) == value)
    }
}
