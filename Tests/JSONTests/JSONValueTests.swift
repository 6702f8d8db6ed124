import JSON
import Testing

@Suite struct JSONValueTests {
    @Test func keepsKeyOrderAndIntegerFloatDistinction() throws {
        let value = try JSONValue(parsing: #"{"z": 1, "a": 1.0, "m": [true, null, "x"], "n": {"y": -2, "b": 2.5e3}}"#)
        #expect(value.object?.orderedKeys == ["z", "a", "m", "n"])
        #expect(value["z"] == .int(1))
        #expect(value["a"] == .double(1.0))
        #expect(value["n"]?.object?.orderedKeys == ["y", "b"])
        #expect(value.serialized() == #"{"z":1,"a":1.0,"m":[true,null,"x"],"n":{"y":-2,"b":2500.0}}"#)
    }

    /// Expected texts are what CPython 3.11's `json.dumps` printed for the same values.
    @Test func writesLikePythonJSONDumps() throws {
        let doubles: JSONValue = [
            1e16, 1.5e16, 1e-5, 0.0001, 12.0, 9_007_199_254_740_992.0, 1e15, 123456789.123, -0.0, 1e22,
            .double(.leastNonzeroMagnitude),
        ]
        #expect(
            doubles.serialized(.python)
                == "[1e+16, 1.5e+16, 1e-05, 0.0001, 12.0, 9007199254740992.0, 1000000000000000.0, 123456789.123, -0.0, 1e+22, 5e-324]"
        )
        let strings: JSONValue = ["b": "é東😀", "a": "\u{01}\n\"/"]
        #expect(strings.serialized(.python) == #"{"b": "\u00e9\u6771\ud83d\ude00", "a": "\u0001\n\"/"}"#)
        #expect(strings.serialized(.compact) == "{\"b\":\"é東😀\",\"a\":\"\\u0001\\n\\\"/\"}")
        // Plain runs between escapes, DEL (escaped only by ensure_ascii), and escapes at both ends.
        let mixed: JSONValue = ["\"run é\u{7F}\\\\tab\there \"q\" 😀 end\n"]
        #expect(mixed.serialized(.python) == #"["\"run \u00e9\u007f\\\\tab\there \"q\" \ud83d\ude00 end\n"]"#)
        #expect(mixed.serialized(.compact) == "[\"\\\"run é\u{7F}\\\\\\\\tab\\there \\\"q\\\" 😀 end\\n\"]")
    }

    @Test func parsesEscapesSurrogatesAndPythonSpecials() throws {
        let value = try JSONValue(
            parsing: #"["\u00e9\ud83d\ude00\/\t", NaN, -Infinity, 1e400, 123456789012345678901234567890]"#)
        let elements = try #require(value.array)
        #expect(elements[0] == .string("é😀/\t"))
        #expect(elements[1].double?.isNaN == true)
        #expect(elements[2] == .double(-.infinity))
        #expect(elements[3] == .double(.infinity))
        #expect(elements[4].double == 1.2345678901234568e29)
    }

    @Test(arguments: ["", "{", "[1,]", "{\"a\" 1}", "\"abc", "tru", "[1] x", "\"\u{01}\"", "{1: 2}", "01x"])
    func rejectsMalformedText(_ text: String) {
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: text) }
    }

    /// Python's `json.loads` keeps a repeated key at its first position with its last value.
    @Test func repeatedKeyKeepsFirstPositionAndLastValue() throws {
        let value = try JSONValue(parsing: #"{"z":1,"a":[true,null],"m":{"y":2.5,"b":"x"},"z":3}"#)
        #expect(value.object?.orderedKeys == ["z", "a", "m"])
        #expect(value["z"] == .int(3))
        #expect(value.serialized() == #"{"z":3,"a":[true,null],"m":{"y":2.5,"b":"x"}}"#)
    }

    @Test func readsNumbersAsPythonDoes() throws {
        #expect(try JSONValue(parsing: "12") == .int(12))
        #expect(try JSONValue(parsing: "12.0") == .double(12))
        #expect(try JSONValue(parsing: "1E3") == .double(1000))
        #expect(try JSONValue(parsing: "-0") == .int(0))
        #expect(try JSONValue(parsing: "0.5e-1") == .double(0.05))
        #expect(try JSONValue(parsing: "9223372036854775807") == .int(Int.max))
        #expect(try JSONValue(parsing: "-9223372036854775808") == .int(Int.min))
    }

    /// Python's `int` has no size limit: `json.loads` then `json.dumps` gives back the same digits.
    @Test func keepsIntegersBeyondSixtyFourBitsExact() throws {
        let text = "[1180591620717411303424, -1180591620717411303424, 9223372036854775808, -9223372036854775809]"
        let value = try JSONValue(parsing: text)
        let elements = try #require(value.array)
        #expect(elements[0] == .bigInt("1180591620717411303424"))
        #expect(elements[1] == .bigInt("-1180591620717411303424"))
        #expect(elements[2] == .bigInt("9223372036854775808"))
        #expect(elements[3] == .bigInt("-9223372036854775809"))
        #expect(value.serialized(.python) == text)
        #expect(elements[0].int == nil)
        #expect(elements[0].double == 1.1805916207174113e21)
        #expect(elements[0].typeName == "integer")
        #expect(elements[0] != .double(1.1805916207174113e21))
        // As Python's default `sys.int_max_str_digits`: 4,300 digits are read, 4,301 are refused.
        let longest = "-" + String(repeating: "9", count: 4300)
        #expect(try JSONValue(parsing: longest) == .bigInt(longest))
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: String(repeating: "9", count: 4301)) }
    }

    /// Texts Python's `json.loads` rejects ("Expecting value" or "Extra data").
    @Test(arguments: ["01", "-01", "1.", ".5", "-", "1e", "1e+", "1.e5", "+1", "0x10", "1_000", "- 1"])
    func rejectsNumbersOutsideTheGrammar(_ text: String) {
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: text) }
    }

    @Test func decodesEscapesAndLoneSurrogates() throws {
        let value = try JSONValue(parsing: #""a\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00\ud800x""#)
        #expect(value == .string("a\"\\/\u{08}\u{0C}\n\r\té😀\u{FFFD}x"))
        // Python's `json.loads` accepts every unpaired surrogate; a Swift string holds U+FFFD in its place.
        let lone = try JSONValue(parsing: #"["\ud800", "\udc00", "\ud800\ud800", "\udbff\u0041", "\ud800"]"#)
        #expect(lone == ["\u{FFFD}", "\u{FFFD}", "\u{FFFD}\u{FFFD}", "\u{FFFD}A", "\u{FFFD}"])
    }

    @Test func takesUTF8StringsAndRefusesInvalidBytes() throws {
        let quoted = { (bytes: [UInt8]) in [UInt8(ascii: "\"")] + bytes + [UInt8(ascii: "\"")] }
        #expect(try JSONValue(parsing: quoted(Array("Zürich 🗺 Москва".utf8))) == "Zürich 🗺 Москва")
        #expect(try JSONValue(parsing: quoted(Array(#"Z\u00fcrich ü"#.utf8))) == "Zürich ü")
        for invalid: [UInt8] in [[0xFF], [0x61, 0xC3], [0xED, 0xA0, 0x80], Array(#"\n"#.utf8) + [0xC3, 0x28]] {
            let error = #expect(throws: JSONParseError.self) { try JSONValue(parsing: quoted(invalid)) }
            #expect(error?.reason == "invalid UTF-8 in string")
        }
    }

    @Test func rejectsPathologicalNesting() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: deep) }
    }

    @Test func roundTripsThroughBothStyles() throws {
        let original: JSONValue = ["args": [2, 2.5, "ü"], "kwargs": ["k": nil], "flag": false]
        #expect(try JSONValue(parsing: original.serialized(.python)) == original)
        #expect(try JSONValue(parsing: original.serialized(.compact)) == original)
    }
}
