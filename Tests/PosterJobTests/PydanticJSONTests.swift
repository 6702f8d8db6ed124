import JSON
import PosterSchema
import Testing

@Suite struct PydanticJSONTests {
    @Test func keepsMemberOrderCompactly() throws {
        let value = try JSONValue(parsing: #"{"z":1,"a":[true,null],"m":{"y":2.5,"b":"x"},"z":3}"#)
        #expect(PydanticJSON.serialize(value) == #"{"z":3,"a":[true,null],"m":{"y":2.5,"b":"x"}}"#)
    }

    @Test func escapesLikePydantic() {
        let text = PydanticJSON.serialize(.string("\"\\/\u{01}\u{1F}\n\t\u{7F}\u{2028}é😀"))
        #expect(text == "\"\\\"\\\\/\\u0001\\u001f\\n\\t\u{7F}\u{2028}é😀\"")
    }

    @Test(arguments: [
        (12.0, "12.0"), (0.5, "0.5"), (1e-5, "0.00001"), (1.5e-5, "0.000015"), (1e-6, "1e-6"), (3e-7, "3e-7"),
        (1e16, "1e+16"), (1.5e16, "1.5e+16"), (9007199254740992.0, "9007199254740992.0"),
        (123456789012345.6, "123456789012345.6"), (-0.0, "-0.0"), (Double.leastNonzeroMagnitude, "5e-324"),
        (1.7976931348623157e308, "1.7976931348623157e+308"), (8.27, "8.27"), (0.1, "0.1"), (100.0, "100.0"),
    ])
    func formatsFloatsLikePydantic(value: Double, text: String) {
        #expect(PydanticJSON.serialize(.double(value)) == text)
        #expect(PydanticJSON.floatText(value) == text)
    }

    @Test func writesNonFiniteAsNullOrPythonLiterals() {
        let value: JSONValue = [.double(.nan), .double(.infinity), .double(-.infinity)]
        #expect(PydanticJSON.serialize(value) == "[null,null,null]")
        #expect(PydanticJSON.serialize(value, nonFiniteAsPythonLiterals: true) == "[NaN,Infinity,-Infinity]")
    }
}
