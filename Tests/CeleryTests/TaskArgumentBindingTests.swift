import JSON
import Testing

@testable import Celery

/// Positional and keyword arguments bound to a typed task's parameters as Python binds a call, and split back.
@Suite struct TaskArgumentBindingTests {
    let binding = TaskArgumentBinding(taskName: "tasks.add", parameters: ["x", "y", "scale"])

    @Test func positionalThenKeywordArgumentsBindByName() throws {
        let bound = try binding.bind(args: [2, 3], kwargs: JSONObject([("scale", 10)]))
        #expect(bound == JSONObject([("x", 2), ("y", 3), ("scale", 10)]))
        #expect(
            try binding.bind(args: [], kwargs: JSONObject([("y", 3), ("x", 2)])) == JSONObject([("y", 3), ("x", 2)]))
    }

    @Test func callsPythonRefusesAreTypeErrors() {
        #expect(throws: binding.typeError("takes 3 positional arguments but 4 were given")) {
            try binding.bind(args: [1, 2, 3, 4], kwargs: JSONObject())
        }
        #expect(throws: binding.typeError("got an unexpected keyword argument 'z'")) {
            try binding.bind(args: [1], kwargs: JSONObject([("z", 1)]))
        }
        #expect(throws: binding.typeError("got multiple values for argument 'x'")) {
            try binding.bind(args: [1], kwargs: JSONObject([("x", 1)]))
        }
        #expect(binding.typeError("x").type == "TypeError")
        #expect(binding.typeError("x").arguments == ["tasks.add() x"])
    }

    @Test func splitSendsLeadingParametersPositionally() throws {
        let all = try binding.split(JSONObject([("y", 3), ("x", 2), ("scale", 1)]))
        #expect(all.args == [2, 3, 1])
        #expect(all.kwargs.isEmpty)
        let gap = try binding.split(JSONObject([("x", 2), ("scale", 1)]))
        #expect(gap.args == [2])
        #expect(gap.kwargs == JSONObject([("scale", 1)]))
        #expect(throws: binding.typeError("has no parameter 'z' (its parameters are [\"x\", \"y\", \"scale\"])")) {
            try binding.split(JSONObject([("z", 1)]))
        }
    }

    /// A decoding error names the argument, as the `TypeError` a Python caller sees.
    @Test func decodingErrorsNameTheArgument() throws {
        struct Add: Codable {
            var x: Int
            var y: Int
        }
        func explanation(_ value: JSONValue) throws -> String {
            try #require(throws: DecodingError.self) { _ = try value.decode(Add.self) }.explanation(of: "argument")
        }
        #expect(try explanation(["x": 1]) == "missing 1 required positional argument: 'y'")
        #expect(try explanation(["x": "one", "y": 2]).hasPrefix("argument 'x': expected Int"))
        #expect(try explanation(["x": nil, "y": 2]).hasPrefix("argument 'x': expected Int"))
        #expect(try explanation(["x": 1, "y": [2]]).hasPrefix("argument 'y': expected Int"))
        #expect(try (["x": 1, "y": 2] as JSONValue).decode(Add.self).y == 2)
    }
}
