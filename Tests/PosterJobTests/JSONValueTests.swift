import PosterJob
import Testing

@Suite struct JSONValueTests {
    @Test func keepsMemberOrderAndPythonDuplicateSemantics() throws {
        let value = try JSONValue(parsing: #"{"z":1,"a":[true,null],"m":{"y":2.5,"b":"x"},"z":3}"#)
        guard case .object(let object) = value else {
            Issue.record("not an object")
            return
        }
        #expect(object.keys == ["z", "a", "m"])
        #expect(object["z"] == .integer(3))
        #expect(value.compactJSON == #"{"z":3,"a":[true,null],"m":{"y":2.5,"b":"x"}}"#)
    }

    @Test func distinguishesIntegersFromFloats() throws {
        #expect(try JSONValue(parsing: "12") == .integer(12))
        #expect(try JSONValue(parsing: "12.0") == .double(12))
        #expect(try JSONValue(parsing: "1e3") == .double(1000))
        #expect(try JSONValue(parsing: "-0") == .integer(0))
        #expect(try JSONValue(parsing: "-Infinity") == .double(-.infinity))
        #expect(try JSONValue(parsing: "123456789012345678901234") == .double(1.2345678901234568e23))
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        let value = try JSONValue(parsing: #""a\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00\ud800x""#)
        #expect(value == .string("a\"\\/\u{08}\u{0C}\n\r\té😀\u{FFFD}x"))
    }

    @Test(arguments: ["", "{", "[1,]", "{\"a\" 1}", "01", "1.", "\"\u{01}\"", "nul", "[1] 2", "\"\\x\""])
    func rejectsInvalidText(text: String) {
        #expect(throws: PosterJobError.self) { try JSONValue(parsing: text) }
    }

    @Test func escapesLikePydantic() {
        let text = JSONValue.string("\"\\/\u{01}\u{1F}\n\t\u{7F}\u{2028}é😀").compactJSON
        #expect(text == "\"\\\"\\\\/\\u0001\\u001f\\n\\t\u{7F}\u{2028}é😀\"")
    }

    @Test(arguments: [
        (12.0, "12.0"), (0.5, "0.5"), (1e-5, "0.00001"), (1.5e-5, "0.000015"), (1e-6, "1e-6"), (3e-7, "3e-7"),
        (1e16, "1e+16"), (1.5e16, "1.5e+16"), (9007199254740992.0, "9007199254740992.0"),
        (123456789012345.6, "123456789012345.6"), (-0.0, "-0.0"), (Double.leastNonzeroMagnitude, "5e-324"),
        (1.7976931348623157e308, "1.7976931348623157e+308"), (8.27, "8.27"), (0.1, "0.1"), (100.0, "100.0"),
    ])
    func formatsFloatsLikePydantic(value: Double, text: String) {
        #expect(JSONValue.double(value).compactJSON == text)
    }

    @Test func writesNonFiniteAsNull() {
        #expect(JSONValue.array([.double(.nan), .double(.infinity)]).compactJSON == "[null,null]")
    }
}
