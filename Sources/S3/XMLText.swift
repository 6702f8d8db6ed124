import Foundation

/// Reads the few flat elements S3's XML answers carry, without an XML library.
///
/// S3 answers are machine-written: no comments, CDATA or nested elements of the same name in what we
/// read. Text is unescaped for the five predefined entities and numeric character references.
enum XMLText {
    /// The raw inner text of each `<name>…</name>` (or nothing for `<name/>`), in order.
    static func elements(_ name: String, in text: String) -> [String] {
        var results: [String] = []
        var rest = text[...]
        while let open = rest.range(of: "<\(name)") {
            let afterName = rest[open.upperBound...]
            guard let next = afterName.first, next == ">" || next == " " || next == "/" else {
                rest = afterName
                continue
            }
            guard let tagEnd = afterName.firstIndex(of: ">") else { break }
            if afterName[..<tagEnd].hasSuffix("/") {
                results.append("")
                rest = afterName[afterName.index(after: tagEnd)...]
                continue
            }
            let inner = afterName[afterName.index(after: tagEnd)...]
            guard let close = inner.range(of: "</\(name)>") else { break }
            results.append(String(inner[..<close.lowerBound]))
            rest = inner[close.upperBound...]
        }
        return results
    }

    /// The unescaped text of the first `<name>` element, or `nil`.
    static func first(_ name: String, in text: String) -> String? {
        elements(name, in: text).first.map(unescape)
    }

    /// Replaces `&amp; &lt; &gt; &quot; &apos;` and `&#N;`/`&#xN;`.
    static func unescape(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var result = ""
        var rest = text[...]
        while let amp = rest.firstIndex(of: "&") {
            result += rest[..<amp]
            guard let semicolon = rest[amp...].firstIndex(of: ";") else { break }
            let entity = rest[rest.index(after: amp)..<semicolon]
            switch entity {
            case "amp": result += "&"
            case "lt": result += "<"
            case "gt": result += ">"
            case "quot": result += "\""
            case "apos": result += "'"
            default:
                let scalar: Unicode.Scalar? =
                    entity.hasPrefix("#x")
                    ? UInt32(entity.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init)
                    : entity.hasPrefix("#") ? UInt32(entity.dropFirst()).flatMap(Unicode.Scalar.init) : nil
                if let scalar { result.unicodeScalars.append(scalar) } else { result += "&\(entity);" }
            }
            rest = rest[rest.index(after: semicolon)...]
        }
        return result + rest
    }
}
