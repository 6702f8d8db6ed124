import JSON
import PosterSchema
import Testing

@Suite struct PosterRequestValidationTests {
    private func issues(_ json: String) -> [ValidationIssue] {
        do {
            _ = try PosterRequest(json: json)
            return []
        } catch {
            #expect(error.code == .invalidRequest)
            return error.issues
        }
    }

    @Test func coercesIntegersLikePydanticLaxMode() throws {
        #expect(try PosterRequest(json: #"{"city":"a","country":"b","distance":"5000"}"#).distance == 5000)
        #expect(try PosterRequest(json: #"{"city":"a","country":"b","distance":5000.0}"#).distance == 5000)
        #expect(try PosterRequest(json: #"{"city":"a","country":"b","distance":" 5_000 "}"#).distance == 5000)
        #expect(try PosterRequest(json: #"{"city":"a","country":"b","dpi":"300.00"}"#).dpi == 300)
        #expect(try PosterRequest(json: #"{"city":"a","country":"b","dpi":true}"#).dpi == 1)
    }

    @Test func rejectsAFractionalIntegerWithIntFromFloat() {
        let found = issues(#"{"city":"a","country":"b","distance":5000.5}"#)
        #expect(
            found == [
                ValidationIssue(
                    type: "int_from_float", location: [.key("distance")],
                    message: "Input should be a valid integer, got a number with a fractional part", input: 5000.5)
            ])
        #expect(
            found.first.map { PydanticJSON.serialize($0.fastAPIDetail) }
                == #"{"type":"int_from_float","loc":["body","distance"],"msg":"Input should be a valid integer, got a number with a fractional part","input":5000.5}"#
        )
    }

    @Test func reportsAMissingFieldWithTheWholeObjectAsInput() {
        let found = issues(#"{"city":"Paris","extra":1}"#)
        #expect(found.map(\.type) == ["missing"])
        #expect(found.first?.location == [.key("country")])
        #expect(found.first?.message == "Field required")
        #expect(found.first?.input == ["city": "Paris", "extra": 1])
    }

    @Test func reportsNestedIssuesInFieldOrder() {
        let found = issues(
            #"{"country":"b","custom_layers":[{"label":1},5],"all_themes":"maybe","width":"wide","city":null}"#)
        #expect(
            found.map(\.type) == [
                "string_type", "bool_parsing", "float_parsing", "string_type", "missing", "missing", "model_type",
            ])
        #expect(found.map(\.location).last == [.key("custom_layers"), .index(1)])
        #expect(found.last?.message == "Input should be a valid dictionary or instance of CustomLayer")
    }

    @Test func rejectsANonObjectRoot() {
        let found = issues("[1,2]")
        #expect(found.map(\.type) == ["model_type"])
        #expect(found.first?.location == [])
    }

    @Test func reportsNonJSONText() {
        #expect(throws: PosterJobError.self) { try PosterRequest(json: "{city") }
        do {
            _ = try PosterRequest(json: "{city")
        } catch {
            #expect(error.code == .invalidJSON)
        }
    }

    @Test func dumpsAllFifteenKeysWithFloatsAsFloats() throws {
        let request = try PosterRequest(json: #"{"city":"Paris","country":"France","width":12,"ignored":true}"#)
        guard case .object(let dump) = request.dumped else {
            Issue.record("dump is not an object")
            return
        }
        #expect(
            dump.orderedKeys == [
                "city", "country", "style", "all_themes", "distance", "width", "height", "country_label", "name_label",
                "custom_layers", "custom_colors", "format", "dpi", "margins", "paper_size",
            ])
        #expect(dump["width"] == .double(12))
        #expect(dump["distance"] == .int(10000))
        #expect(try PosterRequest(validating: request.dumped) == request)
    }
}
