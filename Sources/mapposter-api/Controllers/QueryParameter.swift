import Foundation
import Hummingbird
import JSON

/// Query parameters read with FastAPI's 422 answers.
enum QueryParameter {
    /// The required string parameter `name`.
    static func string(_ request: Request, _ name: String) throws -> String {
        guard let value = request.uri.queryParameters[Substring(name)] else {
            throw APIError.validation([
                ["type": "missing", "loc": ["query", .string(name)], "msg": "Field required", "input": nil]
            ])
        }
        return String(value)
    }

    /// The integer parameter `name`, `fallback` when absent, within `range`.
    static func integer(_ request: Request, _ name: String, default fallback: Int, range: ClosedRange<Int>) throws
        -> Int
    {
        guard let text = request.uri.queryParameters[Substring(name)].map(String.init) else { return fallback }
        let location: JSONValue = ["query", .string(name)]
        guard let value = Int(text.trimmingCharacters(in: .whitespaces)) else {
            throw APIError.validation([
                [
                    "type": "int_parsing", "loc": location,
                    "msg": "Input should be a valid integer, unable to parse string as an integer",
                    "input": .string(text),
                ]
            ])
        }
        if value < range.lowerBound {
            throw APIError.validation([
                [
                    "type": "greater_than_equal", "loc": location,
                    "msg": .string("Input should be greater than or equal to \(range.lowerBound)"),
                    "input": .string(text), "ctx": ["ge": .int(range.lowerBound)],
                ]
            ])
        }
        if value > range.upperBound {
            throw APIError.validation([
                [
                    "type": "less_than_equal", "loc": location,
                    "msg": .string("Input should be less than or equal to \(range.upperBound)"),
                    "input": .string(text), "ctx": ["le": .int(range.upperBound)],
                ]
            ])
        }
        return value
    }
}
