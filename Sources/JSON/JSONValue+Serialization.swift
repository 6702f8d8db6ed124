/// How ``JSONValue/serialized(_:)`` lays out its text.
public struct JSONStyle: Sendable, Hashable {
    /// `", "` and `": "` separators and `\uXXXX` escapes for non-ASCII: exactly Python's `json.dumps`
    /// defaults, which is what kombu and Celery write to Redis.
    public static let python = JSONStyle(itemSeparator: ", ", keySeparator: ": ", asciiOnly: true)
    /// No spaces, raw UTF-8.
    public static let compact = JSONStyle(itemSeparator: ",", keySeparator: ":", asciiOnly: false)

    var itemSeparator: String
    var keySeparator: String
    var asciiOnly: Bool
}

extension JSONValue {
    /// The JSON text of this value.
    ///
    /// Doubles are written as Python's `repr(float)` does (`12.0`, `1e-06`, `1e+16`); non-finite
    /// doubles as `NaN`/`Infinity`, as Python does.
    public func serialized(_ style: JSONStyle = .compact) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(256)
        write(to: &output, style)
        return String(decoding: output, as: UTF8.self)
    }

    /// Appends the UTF-8 JSON text of this value to `output`.
    public func write(to output: inout [UInt8], _ style: JSONStyle) {
        switch self {
        case .null: output.append(contentsOf: "null".utf8)
        case .bool(let value): output.append(contentsOf: (value ? "true" : "false").utf8)
        case .int(let value): output.append(contentsOf: String(value).utf8)
        case .bigInt(let digits): output.append(contentsOf: digits.utf8)
        case .double(let value): output.append(contentsOf: Self.pythonRepr(value).utf8)
        case .string(let value): Self.writeString(value, to: &output, asciiOnly: style.asciiOnly)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (position, element) in elements.enumerated() {
                if position > 0 { output.append(contentsOf: style.itemSeparator.utf8) }
                element.write(to: &output, style)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let object):
            output.append(UInt8(ascii: "{"))
            for (position, member) in object.enumerated() {
                if position > 0 { output.append(contentsOf: style.itemSeparator.utf8) }
                Self.writeString(member.key, to: &output, asciiOnly: style.asciiOnly)
                output.append(contentsOf: style.keySeparator.utf8)
                member.value.write(to: &output, style)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    /// Python's `repr(float)`: shortest round-trip digits, exponent form below 1e-4 and from 1e16.
    public static func pythonRepr(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        let magnitude = abs(value)
        let swift = value.description  // shortest round-trip, e.g. "1e-05", "1.5e+20", "12.0"
        let usesExponent = magnitude != 0 && (magnitude < 1e-4 || magnitude >= 1e16)
        if usesExponent == swift.contains("e") { return swift }
        if usesExponent {
            // Swift writes 1e16 ≤ |x| < 2^53 in positional form; Python switches at 1e16.
            return pythonExponentForm(of: swift)
        }
        // Swift switched to exponent form at 2^53 where Python still writes positional digits.
        return positionalForm(of: swift)
    }

    private static func pythonExponentForm(of positional: String) -> String {
        let negative = positional.hasPrefix("-")
        let unsigned = negative ? String(positional.dropFirst()) : positional
        let parts = unsigned.split(separator: ".", omittingEmptySubsequences: false)
        var digits = String(parts[0]) + (parts.count > 1 ? String(parts[1]) : "")
        let exponent = parts[0].count - 1
        while digits.hasSuffix("0") && digits.count > 1 { digits.removeLast() }
        let mantissa = digits.count > 1 ? "\(digits.first!).\(digits.dropFirst())" : digits
        return (negative ? "-" : "") + mantissa + "e+" + (exponent < 10 ? "0\(exponent)" : "\(exponent)")
    }

    private static func positionalForm(of exponential: String) -> String {
        let negative = exponential.hasPrefix("-")
        let unsigned = negative ? String(exponential.dropFirst()) : exponential
        let pieces = unsigned.split(separator: "e")
        let exponent = Int(pieces[1])!
        let mantissa = pieces[0].split(separator: ".", omittingEmptySubsequences: false)
        let digits = String(mantissa[0]) + (mantissa.count > 1 ? String(mantissa[1]) : "")
        let integerDigits = mantissa[0].count + exponent
        let padded = digits + String(repeating: "0", count: max(0, integerDigits - digits.count))
        let integerPart = String(padded.prefix(integerDigits))
        var fraction = String(padded.dropFirst(integerDigits))
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return (negative ? "-" : "") + integerPart + "." + (fraction.isEmpty ? "0" : fraction)
    }

    /// Appends `string` as a JSON string literal in UTF-8: quotes, backslashes and control characters escaped
    /// (`\n`, `\u0001` in lowercase hex), and everything above `~` too when `asciiOnly`.
    ///
    /// Runs of bytes that need no escape are copied whole, so a plain string costs one copy.
    public static func writeString(_ string: String, to output: inout [UInt8], asciiOnly: Bool) {
        output.append(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { utf8 in
            var runStart = 0
            var index = 0
            while index < utf8.count {
                let byte = utf8[index]
                if byte >= 0x20, byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\"), byte < 0x7F || !asciiOnly {
                    index += 1
                    continue
                }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                // A byte that needs an escape starts a scalar: continuation bytes need one only when `asciiOnly`,
                // and then their lead byte stopped the run first.
                let (scalar, length) = decodeScalar(at: index, in: utf8)
                writeEscaped(scalar, to: &output)
                index += length
                runStart = index
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
        }
        output.append(UInt8(ascii: "\""))
    }

    /// The scalar whose UTF-8 encoding starts at `index` of valid UTF-8 `bytes`, and its length in bytes.
    private static func decodeScalar(at index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (Unicode.Scalar, Int) {
        let lead = UInt32(bytes[index])
        let length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
        var value = length == 1 ? lead : lead & (0xFF >> (length + 1))
        for offset in 1..<length {
            value = value << 6 | UInt32(bytes[index + offset] & 0x3F)
        }
        return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
    }

    /// Appends the escape of one scalar that cannot appear as it is.
    private static func writeEscaped(_ scalar: Unicode.Scalar, to output: inout [UInt8]) {
        switch scalar {
        case "\"": output.append(contentsOf: #"\""#.utf8)
        case "\\": output.append(contentsOf: #"\\"#.utf8)
        case "\n": output.append(contentsOf: #"\n"#.utf8)
        case "\r": output.append(contentsOf: #"\r"#.utf8)
        case "\t": output.append(contentsOf: #"\t"#.utf8)
        case "\u{08}": output.append(contentsOf: #"\b"#.utf8)
        case "\u{0C}": output.append(contentsOf: #"\f"#.utf8)
        default:
            for unit in scalar.utf16 { writeUnicodeEscape(unit, to: &output) }
        }
    }

    /// Appends `\uXXXX` with four lowercase hex digits.
    private static func writeUnicodeEscape(_ unit: UInt16, to output: inout [UInt8]) {
        output.append(contentsOf: #"\u"#.utf8)
        for shift in stride(from: 12, through: 0, by: -4) {
            let digit = UInt8((unit >> UInt16(shift)) & 0xF)
            output.append(digit < 10 ? UInt8(ascii: "0") + digit : UInt8(ascii: "a") + digit - 10)
        }
    }
}
