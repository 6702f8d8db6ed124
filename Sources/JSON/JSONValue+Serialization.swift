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
        var output = ""
        write(to: &output, style)
        return output
    }

    private func write(to output: inout String, _ style: JSONStyle) {
        switch self {
        case .null: output += "null"
        case .bool(let value): output += value ? "true" : "false"
        case .int(let value): output += String(value)
        case .bigInt(let digits): output += digits
        case .double(let value): output += Self.pythonRepr(value)
        case .string(let value): Self.writeString(value, to: &output, asciiOnly: style.asciiOnly)
        case .array(let elements):
            output += "["
            for (position, element) in elements.enumerated() {
                if position > 0 { output += style.itemSeparator }
                element.write(to: &output, style)
            }
            output += "]"
        case .object(let object):
            output += "{"
            for (position, member) in object.enumerated() {
                if position > 0 { output += style.itemSeparator }
                Self.writeString(member.key, to: &output, asciiOnly: style.asciiOnly)
                output += style.keySeparator
                member.value.write(to: &output, style)
            }
            output += "}"
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

    /// Appends `string` as a JSON string literal: quotes, backslashes and control characters escaped
    /// (`\n`, `\u0001` in lowercase hex), and everything above `~` too when `asciiOnly`.
    ///
    /// Runs of characters that need no escape are copied whole, so a plain string costs one append.
    public static func writeString(_ string: String, to output: inout String, asciiOnly: Bool) {
        output += "\""
        let utf8 = string.utf8
        var runStart = utf8.startIndex
        var index = runStart
        while index < utf8.endIndex {
            let byte = utf8[index]
            if byte >= 0x20, byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\"), byte < 0x7F || !asciiOnly {
                utf8.formIndex(after: &index)
                continue
            }
            // A byte that needs an escape starts a scalar (continuation bytes are >= 0x80 and need one only when
            // `asciiOnly`, in which case their lead byte stopped the run first).
            output += string[runStart..<index]
            let scalar = string.unicodeScalars[index]
            writeEscaped(scalar, to: &output)
            index = string.unicodeScalars.index(after: index)
            runStart = index
        }
        output += string[runStart..<index]
        output += "\""
    }

    /// Appends the escape of one scalar that cannot appear as it is.
    private static func writeEscaped(_ scalar: Unicode.Scalar, to output: inout String) {
        switch scalar {
        case "\"": output += "\\\""
        case "\\": output += "\\\\"
        case "\n": output += "\\n"
        case "\r": output += "\\r"
        case "\t": output += "\\t"
        case "\u{08}": output += "\\b"
        case "\u{0C}": output += "\\f"
        default:
            for unit in String(scalar).utf16 { output += unicodeEscape(unit) }
        }
    }

    private static func unicodeEscape(_ unit: UInt16) -> String {
        let hex = String(unit, radix: 16)
        return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
    }
}
