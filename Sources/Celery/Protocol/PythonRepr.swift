package import JSON

/// Python's `repr()` of JSON-decoded values, as exceptions and control replies show them: `(2, 2)`,
/// `{'a': 'x'}`, `True`, `None`. (Task arguments and results in messages and events use Celery's own
/// ``CelerySafeRepr``.)
package enum PythonRepr {
    /// `repr(tuple(args))`, e.g. `(2, 2)`, `('bad',)`, `()`.
    package static func tuple(_ elements: [JSONValue]) -> String {
        let inner = elements.map(repr).joined(separator: ", ")
        return elements.count == 1 ? "(\(inner),)" : "(\(inner))"
    }

    /// `repr(value)` of a JSON-decoded Python value.
    package static func repr(_ value: JSONValue) -> String {
        switch value {
        case .null: "None"
        case .bool(let flag): flag ? "True" : "False"
        case .int(let number): String(number)
        case .bigInt(let digits): digits
        case .double(let number):
            number.isNaN ? "nan" : number.isInfinite ? (number < 0 ? "-inf" : "inf") : JSONValue.pythonRepr(number)
        case .string(let text): string(text)
        case .array(let elements): "[" + elements.map(repr).joined(separator: ", ") + "]"
        case .object(let object):
            "{" + object.map { "\(string($0.key)): \(repr($0.value))" }.joined(separator: ", ") + "}"
        }
    }

    private static func string(_ text: String) -> String {
        let quote: Character = text.contains("'") && !text.contains("\"") ? "\"" : "'"
        var output = String(quote)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where Character(scalar) == quote: output += "\\\(quote)"
            case _ where !isPrintable(scalar):
                let hex = String(scalar.value, radix: 16)
                let (prefix, width) = scalar.value < 0x100 ? ("x", 2) : scalar.value < 0x10000 ? ("u", 4) : ("U", 8)
                output += "\\" + prefix + String(repeating: "0", count: width - hex.count) + hex
            default: output.unicodeScalars.append(scalar)
            }
        }
        output.append(quote)
        return output
    }

    /// Python's `str.isprintable()` for one character: not a control, format, surrogate, private-use or unassigned
    /// character, and no separator but the space.
    private static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == " " { return true }
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator,
            .spaceSeparator:
            return false
        default:
            return true
        }
    }
}
