import JSON

/// Pydantic v2's lax-mode conversions for the scalar types the request uses, as observed with
/// pydantic 2.13 (`TypeAdapter(int|float|bool|str).validate_python` on JSON-decoded values).
enum LaxCoercion {
    /// A conversion failure: pydantic's error type and message.
    struct Failure: Error, Equatable {
        var type: String
        var message: String

        static let intType = Failure(type: "int_type", message: "Input should be a valid integer")
        static let intParsing = Failure(
            type: "int_parsing", message: "Input should be a valid integer, unable to parse string as an integer")
        static let intFromFloat = Failure(
            type: "int_from_float", message: "Input should be a valid integer, got a number with a fractional part")
        static let intParsingSize = Failure(
            type: "int_parsing_size", message: "Unable to parse input string as an integer, exceeded maximum size")
        static let finiteNumber = Failure(type: "finite_number", message: "Input should be a finite number")
        static let floatType = Failure(type: "float_type", message: "Input should be a valid number")
        static let floatParsing = Failure(
            type: "float_parsing", message: "Input should be a valid number, unable to parse string as a number")
        static let boolType = Failure(type: "bool_type", message: "Input should be a valid boolean")
        static let boolParsing = Failure(
            type: "bool_parsing", message: "Input should be a valid boolean, unable to interpret input")
        static let stringType = Failure(type: "string_type", message: "Input should be a valid string")
        static let listType = Failure(type: "list_type", message: "Input should be a valid list")
        static let dictType = Failure(type: "dict_type", message: "Input should be a valid dictionary")
        static let missing = Failure(type: "missing", message: "Field required")
        static func modelType(_ name: String) -> Failure {
            Failure(type: "model_type", message: "Input should be a valid dictionary or instance of \(name)")
        }
    }

    static func string(_ value: JSONValue) -> Result<String, Failure> {
        if case .string(let string) = value { return .success(string) }
        return .failure(.stringType)
    }

    static func int(_ value: JSONValue) -> Result<Int, Failure> {
        switch value {
        case .bool(let flag): return .success(flag ? 1 : 0)
        case .int(let integer): return .success(integer)
        // Pydantic takes it as a Python int; the request's integers (distance, dpi) cannot use one either way.
        case .bigInt: return .failure(.intParsingSize)
        case .double(let double):
            guard double.isFinite else { return .failure(.finiteNumber) }
            guard double.rounded(.towardZero) == double else { return .failure(.intFromFloat) }
            guard double >= -0x1p63, double < 0x1p63 else { return .failure(.intParsingSize) }
            return .success(Int(double))
        case .string(let string): return parseInt(trimmed(string))
        default: return .failure(.intType)
        }
    }

    static func double(_ value: JSONValue) -> Result<Double, Failure> {
        switch value {
        case .bool(let flag): return .success(flag ? 1 : 0)
        case .int(let integer): return .success(Double(integer))
        case .bigInt: return value.double.map { .success($0) } ?? .failure(.floatType)
        case .double(let double): return .success(double)
        case .string(let string):
            guard let parsed = parseDouble(trimmed(string)) else { return .failure(.floatParsing) }
            return .success(parsed)
        default: return .failure(.floatType)
        }
    }

    static func bool(_ value: JSONValue) -> Result<Bool, Failure> {
        switch value {
        case .bool(let flag): return .success(flag)
        case .int(0): return .success(false)
        case .int(1): return .success(true)
        case .int: return .failure(.boolParsing)
        case .double(let double) where double == 0: return .success(false)
        case .double(1): return .success(true)
        case .string(let string):
            switch string.lowercased() {
            case "true", "yes", "on", "1", "t", "y": return .success(true)
            case "false", "no", "off", "0", "f", "n": return .success(false)
            default: return .failure(.boolParsing)
            }
        default: return .failure(.boolType)
        }
    }

    /// Strips Unicode white space at both ends, as Rust's `str::trim` does.
    static func trimmed(_ string: String) -> Substring {
        let scalars = string.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return Substring(scalars[first...last])
    }

    /// `[+-]?digits` where single underscores may separate digits, optionally followed by `.` and one
    /// or more zeros (`"300.00"` is 300, `"300."` is not an integer).
    static func parseInt(_ text: Substring) -> Result<Int, Failure> {
        var body = text
        var negative = false
        if let sign = body.first, sign == "+" || sign == "-" {
            negative = sign == "-"
            body = body.dropFirst()
        }
        if let point = body.firstIndex(of: ".") {
            let zeros = body[body.index(after: point)...]
            guard !zeros.isEmpty, zeros.allSatisfy({ $0 == "0" }) else { return .failure(.intParsing) }
            body = body[..<point]
        }
        guard let digits = digitsWithUnderscores(body) else { return .failure(.intParsing) }
        guard let magnitude = Int(negative ? "-" + digits : digits) else { return .failure(.intParsingSize) }
        return .success(magnitude)
    }

    /// Removes underscores that sit between two ASCII digits; `nil` if anything else is there.
    private static func digitsWithUnderscores(_ text: Substring) -> String? {
        let characters = Array(text.unicodeScalars)
        guard !characters.isEmpty else { return nil }
        var digits = ""
        for (position, scalar) in characters.enumerated() {
            if scalar == "_" {
                guard position > 0, position < characters.count - 1, characters[position - 1].isASCIIDigit,
                    characters[position + 1].isASCIIDigit
                else { return nil }
                continue
            }
            guard scalar.isASCIIDigit else { return nil }
            digits.unicodeScalars.append(scalar)
        }
        return digits
    }

    /// Rust's `f64::from_str` after pydantic's underscore removal: `[+-]?` then `inf`, `infinity`,
    /// `nan` (any case) or decimal digits with an optional `.` and exponent.
    static func parseDouble(_ text: Substring) -> Double? {
        var body = String(text)
        if body.contains("_") {
            guard !body.hasPrefix("_"), !body.hasSuffix("_"), !body.contains("__") else { return nil }
            body.removeAll { $0 == "_" }
        }
        var unsigned = Substring(body)
        var negative = false
        if let sign = unsigned.first, sign == "+" || sign == "-" {
            negative = sign == "-"
            unsigned = unsigned.dropFirst()
        }
        switch unsigned.lowercased() {
        case "inf", "infinity": return negative ? -.infinity : .infinity
        case "nan": return .nan
        default: break
        }
        let scalars = Array(unsigned.unicodeScalars)
        var position = 0
        func skipDigits() -> Int {
            let start = position
            while position < scalars.count, scalars[position].isASCIIDigit { position += 1 }
            return position - start
        }
        var mantissaDigits = skipDigits()
        if position < scalars.count, scalars[position] == "." {
            position += 1
            mantissaDigits += skipDigits()
        }
        guard mantissaDigits > 0 else { return nil }
        if position < scalars.count, scalars[position] == "e" || scalars[position] == "E" {
            position += 1
            if position < scalars.count, scalars[position] == "+" || scalars[position] == "-" { position += 1 }
            guard skipDigits() > 0 else { return nil }
        }
        guard position == scalars.count, let magnitude = Double(String(unsigned)) else { return nil }
        return negative ? -magnitude : magnitude
    }
}

extension Unicode.Scalar {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
