public import JSON

/// The compact JSON text pydantic-core writes (`model_dump_json()`), the input of the request hash.
///
/// It differs from ``JSON/JSONStyle/compact`` only in how doubles are written: pydantic prints
/// positional digits down to `1e-5` (`0.00001`) where Python's `repr` switches to `1e-05`, and writes
/// exponents without zero padding (`1e-6`, `1e+16`).
public enum PydanticJSON {
    /// The text of `value` as pydantic-core writes it.
    ///
    /// - No whitespace between tokens; object members in their stored order.
    /// - Strings as raw UTF-8. Only `"`, `\` and the C0 controls are escaped: `\b \t \n \f \r` by
    ///   name, the others as `\u00XX` with lowercase hex. `/`, DEL and U+2028 stay raw.
    /// - Doubles as ``floatText(_:)`` prints them; NaN and the infinities as `null`, or as Python's
    ///   `NaN`/`Infinity`/`-Infinity` literals when `nonFiniteAsPythonLiterals` is set (for texts a
    ///   Python peer must read back).
    public static func serialize(_ value: JSONValue, nonFiniteAsPythonLiterals: Bool = false) -> String {
        var output: [UInt8] = []
        write(value, into: &output, nonFiniteLiterals: nonFiniteAsPythonLiterals)
        return String(decoding: output, as: UTF8.self)
    }

    private static func write(_ value: JSONValue, into output: inout [UInt8], nonFiniteLiterals: Bool) {
        switch value {
        case .double(let double) where double.isFinite: output.append(contentsOf: floatText(double).utf8)
        case .double(let double) where nonFiniteLiterals:
            output.append(contentsOf: (double.isNaN ? "NaN" : double < 0 ? "-Infinity" : "Infinity").utf8)
        case .double: output.append(contentsOf: "null".utf8)
        case .null, .bool, .int, .bigInt: value.write(to: &output, .compact)
        case .string(let string): JSONValue.writeString(string, to: &output, asciiOnly: false)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (position, element) in elements.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                write(element, into: &output, nonFiniteLiterals: nonFiniteLiterals)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let object):
            output.append(UInt8(ascii: "{"))
            for (position, member) in object.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                JSONValue.writeString(member.key, to: &output, asciiOnly: false)
                output.append(UInt8(ascii: ":"))
                write(member.value, into: &output, nonFiniteLiterals: nonFiniteLiterals)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    /// A finite double as pydantic-core prints it: the shortest digits that round-trip, in
    /// positional form with at least one fractional digit (`12.0`, `0.00001`, `123456789012345.6`)
    /// when `1e-5 ≤ |x| < 1e16`, otherwise in exponent form without padding (`1e+16`, `1.5e-7`).
    public static func floatText(_ value: Double) -> String {
        precondition(value.isFinite, "floatText needs a finite value")
        let sign = value.sign == .minus ? "-" : ""
        if value == 0 { return sign + "0.0" }
        let (digits, exponent) = shortestDigits(of: value.magnitude)
        // value = d1.d2d3… × 10^exponent
        if exponent >= -5 && exponent < 16 {
            if exponent < 0 {
                return sign + "0." + String(repeating: "0", count: -exponent - 1) + digits
            }
            let integerCount = exponent + 1
            if digits.count <= integerCount {
                return sign + digits + String(repeating: "0", count: integerCount - digits.count) + ".0"
            }
            return sign + digits.prefix(integerCount) + "." + digits.dropFirst(integerCount)
        }
        let mantissa = digits.count == 1 ? digits : digits.prefix(1) + "." + digits.dropFirst()
        return sign + mantissa + "e" + (exponent >= 0 ? "+" : "-") + String(abs(exponent))
    }

    /// The shortest round-trip decimal digits of a positive finite double (no leading or trailing
    /// zeros) and the power of ten of its first digit, read from Swift's own shortest printing.
    private static func shortestDigits(of value: Double) -> (digits: String, exponent: Int) {
        let text = value.description
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...])!
        }
        let point = mantissa.firstIndex(of: ".")
        let integerPart = point.map { mantissa[..<$0] } ?? mantissa
        let fractionPart = point.map { mantissa[mantissa.index(after: $0)...] } ?? ""
        var digits = Array(integerPart + fractionPart)
        exponent += integerPart.count - 1
        while digits.first == "0" {
            digits.removeFirst()
            exponent -= 1
        }
        while digits.last == "0" { digits.removeLast() }
        return (String(digits), exponent)
    }
}
