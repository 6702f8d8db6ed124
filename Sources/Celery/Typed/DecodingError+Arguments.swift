extension DecodingError {
    /// What is wrong with a task's arguments (`subject` `argument`) or result (`result`), in a sentence naming the
    /// argument as Python would: `missing 1 required positional argument: 'y'`, `argument 'x': expected Int …`.
    func explanation(of subject: String) -> String {
        switch self {
        case .keyNotFound(let key, let context) where context.codingPath.isEmpty && subject == "argument":
            return "missing 1 required positional argument: '\(key.stringValue)'"
        case .keyNotFound(let key, let context):
            return "\(Self.locate(subject, context.codingPath)): missing key '\(key.stringValue)'"
        case .typeMismatch(let type, let context):
            return "\(Self.locate(subject, context.codingPath)): expected \(type) (\(context.debugDescription))"
        case .valueNotFound(let type, let context):
            return "\(Self.locate(subject, context.codingPath)): expected \(type), got None"
        case .dataCorrupted(let context):
            return "\(Self.locate(subject, context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "\(subject): \(self)"
        }
    }

    /// `argument 'x.items[2]'` for the coding path `x`, `items`, 2; the bare subject for the root.
    private static func locate(_ subject: String, _ codingPath: [any CodingKey]) -> String {
        var path = ""
        for key in codingPath {
            if let index = key.intValue {
                path += "[\(index)]"
            } else {
                path += (path.isEmpty ? "" : ".") + key.stringValue
            }
        }
        return path.isEmpty ? subject : "\(subject) '\(path)'"
    }
}
