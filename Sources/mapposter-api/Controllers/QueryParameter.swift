import Foundation
import Hummingbird
import JSON

/// Query parameters read with FastAPI's 422 answers.
enum QueryParameter {
    /// The value of `name` in the query string as Starlette reads it (`parse_qsl`, keeping blank values): `+` is a
    /// space, percent escapes are decoded (a malformed one is kept as written), and a repeated name is its last
    /// value. `nil` when absent.
    static func value(_ request: Request, _ name: String) -> String? {
        var found: String?
        for field in (request.uri.query ?? "").split(separator: "&") {
            let parts = field.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard decoded(parts[0]) == name else { continue }
            found = parts.count > 1 ? decoded(parts[1]) : ""
        }
        return found
    }

    /// `application/x-www-form-urlencoded` decoding of one name or value.
    static func decoded(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }

    /// The required string parameter `name`.
    static func string(_ request: Request, _ name: String) throws -> String {
        guard let value = value(request, name) else {
            throw APIError.validation([
                ["type": "missing", "loc": ["query", .string(name)], "msg": "Field required", "input": nil]
            ])
        }
        return value
    }

    /// The integer parameter `name`, `fallback` when absent, within `range`.
    static func integer(_ request: Request, _ name: String, default fallback: Int, range: ClosedRange<Int>) throws
        -> Int
    {
        guard let text = value(request, name) else { return fallback }
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
