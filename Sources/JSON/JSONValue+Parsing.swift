/// JSON text could not be parsed.
public struct JSONParseError: Error, Sendable, CustomStringConvertible {
    /// What was wrong, e.g. `unexpected character 'x'`.
    public var reason: String
    /// Byte offset of the problem in the input.
    public var offset: Int

    /// `invalid JSON at byte <offset>: <reason>`.
    public var description: String { "invalid JSON at byte \(offset): \(reason)" }
}

extension JSONValue {
    /// Parses JSON text as Python's `json.loads` accepts it (including `NaN` and `Infinity`).
    ///
    /// - Throws: ``JSONParseError`` naming the offending byte.
    public init(parsing text: String) throws {
        var text = text
        self = try text.withUTF8 { try JSONValue(parsing: $0) }
    }

    /// Parses UTF-8 JSON bytes.
    public init(parsing bytes: some Collection<UInt8>) throws {
        let parsed = try bytes.withContiguousStorageIfAvailable { try JSONValue(parsing: $0) }
        self = try parsed ?? Array(bytes).withUnsafeBufferPointer { try JSONValue(parsing: $0) }
    }

    private init(parsing buffer: UnsafeBufferPointer<UInt8>) throws {
        var parser = JSONParser(bytes: buffer)
        self = try parser.parseDocument()
    }
}

/// A recursive-descent parser over UTF-8 bytes.
private struct JSONParser {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0
    var depth = 0
    static let maximumDepth = 512
    /// Python's default `sys.int_max_str_digits`: `json.loads` refuses longer integer literals.
    static let maximumIntegerDigits = 4300

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    mutating func parseDocument() throws -> JSONValue {
        let value = try parseValue()
        skipWhitespace()
        guard index == bytes.count else { throw error("trailing characters after the document") }
        return value
    }

    private func error(_ reason: String) -> JSONParseError { JSONParseError(reason: reason, offset: index) }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    private mutating func parseValue() throws -> JSONValue {
        skipWhitespace()
        guard index < bytes.count else { throw error("unexpected end of input") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): return try parseLiteral("true", .bool(true))
        case UInt8(ascii: "f"): return try parseLiteral("false", .bool(false))
        case UInt8(ascii: "n"): return try parseLiteral("null", .null)
        case UInt8(ascii: "N"): return try parseLiteral("NaN", .double(.nan))
        case UInt8(ascii: "I"): return try parseLiteral("Infinity", .double(.infinity))
        case UInt8(ascii: "-") where index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "I"):
            index += 1
            return try parseLiteral("Infinity", .double(-.infinity))
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw error("unexpected character '\(Character(Unicode.Scalar(bytes[index])))'")
        }
    }

    private mutating func parseLiteral(_ word: StaticString, _ value: JSONValue) throws -> JSONValue {
        let length = word.utf8CodeUnitCount
        guard index + length <= bytes.count,
            word.withUTF8Buffer({ expected in (0..<length).allSatisfy { bytes[index + $0] == expected[$0] } })
        else { throw error("invalid literal") }
        index += length
        return value
    }

    private mutating func enter() throws {
        depth += 1
        guard depth <= Self.maximumDepth else { throw error("nested deeper than \(Self.maximumDepth) levels") }
    }

    private mutating func parseObject() throws -> JSONValue {
        try enter()
        defer { depth -= 1 }
        index += 1
        var object = JSONObject()
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object(object)
        }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw error("expected a key") }
            let key = try parseString()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("expected ':'") }
            index += 1
            object[key] = try parseValue()
            skipWhitespace()
            guard index < bytes.count else { throw error("unterminated object") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
            } else if bytes[index] == UInt8(ascii: "}") {
                index += 1
                return .object(object)
            } else {
                throw error("expected ',' or '}'")
            }
        }
    }

    private mutating func parseArray() throws -> JSONValue {
        try enter()
        defer { depth -= 1 }
        index += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array(elements)
        }
        while true {
            elements.append(try parseValue())
            skipWhitespace()
            guard index < bytes.count else { throw error("unterminated array") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
            } else if bytes[index] == UInt8(ascii: "]") {
                index += 1
                return .array(elements)
            } else {
                throw error("expected ',' or ']'")
            }
        }
    }

    private mutating func parseString() throws -> String {
        index += 1
        let start = index
        var isASCII = true
        while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\") {
            guard bytes[index] >= 0x20 else { throw error("control character in string") }
            isASCII = isASCII && bytes[index] < 0x80
            index += 1
        }
        guard index < bytes.count else { throw error("unterminated string") }
        let unescaped = UnsafeBufferPointer(rebasing: bytes[start..<index])
        if bytes[index] == UInt8(ascii: "\"") {
            // Fast path, most strings: no escapes, made straight from the input (ASCII needs no validation).
            index += 1
            if isASCII { return String(decoding: unescaped, as: UTF8.self) }
            guard let string = String(validating: unescaped, as: UTF8.self) else {
                throw error("invalid UTF-8 in string")
            }
            return string
        }
        var scalars = Array(unescaped)
        while bytes[index] != UInt8(ascii: "\"") {
            // bytes[index] is a backslash.
            index += 1
            guard index < bytes.count else { throw error("unterminated escape") }
            let escaped = bytes[index]
            index += 1
            switch escaped {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scalars.append(escaped)
            case UInt8(ascii: "b"): scalars.append(0x08)
            case UInt8(ascii: "f"): scalars.append(0x0C)
            case UInt8(ascii: "n"): scalars.append(0x0A)
            case UInt8(ascii: "r"): scalars.append(0x0D)
            case UInt8(ascii: "t"): scalars.append(0x09)
            case UInt8(ascii: "u"): scalars.append(contentsOf: try parseUnicodeEscape())
            default: throw error("invalid escape")
            }
            while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\") {
                guard bytes[index] >= 0x20 else { throw error("control character in string") }
                scalars.append(bytes[index])
                index += 1
            }
            guard index < bytes.count else { throw error("unterminated string") }
        }
        index += 1
        guard let string = String(validating: scalars, as: UTF8.self) else { throw error("invalid UTF-8 in string") }
        return string
    }

    /// Reads the four hex digits after `\u` (and a following low surrogate) and returns UTF-8 bytes.
    private mutating func parseUnicodeEscape() throws -> [UInt8] {
        var code = try parseHex4()
        if (0xD800..<0xDC00).contains(code), index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
            bytes[index + 1] == UInt8(ascii: "u")
        {
            let saved = index
            index += 2
            let low = try parseHex4()
            if (0xDC00..<0xE000).contains(low) {
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
            } else {
                index = saved
            }
        }
        // Lone surrogates become U+FFFD, as Python's decoder would fail to encode them anyway.
        let scalar = Unicode.Scalar(code) ?? "\u{FFFD}"
        return Array(String(Character(scalar)).utf8)
    }

    private mutating func parseHex4() throws -> UInt32 {
        guard index + 4 <= bytes.count else { throw error("short \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let digit = hexDigit(bytes[index]) else { throw error("bad hex digit in \\u escape") }
            value = value << 4 | digit
            index += 1
        }
        return value
    }

    private func hexDigit(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    /// A number in JSON's grammar, as Python's `json` reads it: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
    ///
    /// Leading zeros (`01`), a bare point (`1.`, `.5`) and a lone sign are rejected. An integer literal
    /// too large for `Int` stays exact as a ``JSONValue/bigInt(_:)``; like Python (`sys.int_max_str_digits`),
    /// one of more than 4,300 digits is refused.
    private mutating func parseNumber() throws -> JSONValue {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        let integerStart = index
        guard skipDigits() > 0 else { throw error("expected digits") }
        guard index - integerStart == 1 || bytes[integerStart] != UInt8(ascii: "0") else {
            throw JSONParseError(reason: "leading zero in a number", offset: integerStart)
        }
        var isInteger = true
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            isInteger = false
            guard skipDigits() > 0 else { throw error("expected digits after '.'") }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            isInteger = false
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard skipDigits() > 0 else { throw error("expected exponent digits") }
        }
        return try number(from: start, isInteger: isInteger)
    }

    /// Skips ASCII digits and returns how many there were.
    private mutating func skipDigits() -> Int {
        let begin = index
        while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
        return index - begin
    }

    private func number(from start: Int, isInteger: Bool) throws -> JSONValue {
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        if isInteger {
            if let value = Int(text) { return .int(value) }
            guard text.utf8.count - (text.hasPrefix("-") ? 1 : 0) <= Self.maximumIntegerDigits else {
                throw JSONParseError(
                    reason: "integer of more than \(Self.maximumIntegerDigits) digits", offset: start)
            }
            return .bigInt(text)
        }
        guard let value = Double(text) else { throw JSONParseError(reason: "invalid number '\(text)'", offset: start) }
        return .double(value)
    }
}
