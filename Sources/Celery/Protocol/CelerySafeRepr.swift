package import JSON

/// Celery's `saferepr` (`celery.utils.saferepr`) of JSON-decoded values: what Celery writes as a task message's
/// `argsrepr` and `kwargsrepr` and as the `result` of task-succeeded events, and what Flower shows.
///
/// It is not Python's `repr` (see ``PythonRepr``):
/// - strings are always single-quoted with only `'` escaped (`'it\'s'`); newlines and backslashes stay raw;
/// - the text is cut once `limit` code points are spent: a string or number that reaches the budget is cut at its
///   last space within it and ends with `...`, the elements after the budget become `, ...`, and the open brackets
///   still close;
/// - containers nested deeper than `maxLevels` show as `[...]` or `{...}`.
///
/// The walk is Celery's token stream: each container expands into its brackets, separators and elements in place.
package enum CelerySafeRepr {
    /// `saferepr(tuple(elements), limit)`, e.g. `('bad',)`: a task's positional arguments.
    package static func tuple(_ elements: [JSONValue], limit: Int? = 1024, maxLevels: Int = 3) -> String {
        render(.tuple(elements), limit: limit, maxLevels: maxLevels)
    }

    /// `saferepr(value, limit)`.
    package static func repr(_ value: JSONValue, limit: Int? = 1024, maxLevels: Int = 3) -> String {
        render(.value(value), limit: limit, maxLevels: maxLevels)
    }

    /// One step of the stream, before it becomes text.
    private enum Item {
        /// Brackets (`truncatable: false`, `direction` ±1) and separators (`truncatable: true`).
        case literal(String, truncatable: Bool, direction: Int)
        case key(String)
        case value(JSONValue)
        case tuple([JSONValue])
    }

    private static func render(_ root: Item, limit: Int?, maxLevels: Int) -> String {
        if let whole = uncut(root, limit: limit, maxLevels: maxLevels) { return whole }
        var pending = [root]  // the next item last
        var output = ""
        var budget = limit
        var level = 0
        while let item = pending.popLast() {
            let text: String
            switch item {
            case .literal(let value, _, let direction):
                level += direction
                // Past the budget the closing brackets of what is already open are still written.
                if direction < 0, let spent = budget, spent <= 0 {
                    output += value
                    continue
                }
                if isSpent(budget, pending: pending, item, into: &output) { return output }
                text = value
            case .key(let key):
                if isSpent(budget, pending: pending, item, into: &output) { return output }
                text = quoted(key, limit: budget)
            case .tuple(let elements):
                let end = elements.count == 1 ? ",)" : ")"
                if let collapsed = expand(elements.map(Item.value), "(", end, level, maxLevels, &pending) {
                    pending.append(collapsed)
                }
                continue
            case .value(let value):
                switch value {
                case .array(let elements):
                    if let collapsed = expand(elements.map(Item.value), "[", "]", level, maxLevels, &pending) {
                        pending.append(collapsed)
                    }
                    continue
                case .object(let object):
                    var members: [Item] = []
                    for (position, member) in object.enumerated() {
                        if position > 0 { members.append(.literal(", ", truncatable: true, direction: 0)) }
                        members += [
                            .key(member.key), .literal(": ", truncatable: true, direction: 0), .value(member.value),
                        ]
                    }
                    if let collapsed = expand(members, "{", "}", level, maxLevels, &pending, separated: false) {
                        pending.append(collapsed)
                    }
                    continue
                case .string(let string):
                    if isSpent(budget, pending: pending, item, into: &output) { return output }
                    text = quoted(string, limit: budget)
                default:
                    if isSpent(budget, pending: pending, item, into: &output) { return output }
                    text = truncated(PythonRepr.repr(value), limit: budget)
                }
            }
            output += text
            if let spent = budget { budget = spent - text.unicodeScalars.count }
        }
        return output
    }

    /// The text written straight, when nothing in it is cut or collapsed (what most arguments are): fewer than `limit`
    /// code points in all, so that no budget runs out and no string or number reaches what is left of it, and no
    /// container `maxLevels` deep. `nil` otherwise, for the token stream to write.
    private static func uncut(_ root: Item, limit: Int?, maxLevels: Int) -> String? {
        if limit == 0 { return nil }  // A budget of 0 is spent before the first item.
        // A code point is at most 4 bytes: this many bytes are surely too many code points.
        let byteLimit = limit.map { $0 * 4 } ?? .max
        var output: [UInt8] = []
        output.reserveCapacity(128)
        /// Writes `elements` at `depth`, `, ` between them.
        func writeElements(_ elements: [JSONValue], depth: Int) -> Bool {
            for (position, element) in elements.enumerated() {
                if position > 0 { output += ", ".utf8 }
                guard write(element, depth: depth) else { return false }
            }
            return true
        }
        func write(_ value: JSONValue, depth: Int) -> Bool {
            switch value {
            case .array(let elements):
                guard maxLevels <= 0 || depth < maxLevels else { return false }
                output.append(UInt8(ascii: "["))
                guard writeElements(elements, depth: depth + 1) else { return false }
                output.append(UInt8(ascii: "]"))
            case .object(let object):
                guard maxLevels <= 0 || depth < maxLevels else { return false }
                output.append(UInt8(ascii: "{"))
                for (position, member) in object.enumerated() {
                    if position > 0 { output += ", ".utf8 }
                    writeQuoted(member.key)
                    output += ": ".utf8
                    guard write(member.value, depth: depth + 1) else { return false }
                }
                output.append(UInt8(ascii: "}"))
            case .string(let text):
                writeQuoted(text)
            default:
                output += PythonRepr.repr(value).utf8
            }
            return output.count < byteLimit
        }
        func writeQuoted(_ text: String) {
            output.append(UInt8(ascii: "'"))
            for byte in text.utf8 {
                if byte == UInt8(ascii: "'") { output.append(UInt8(ascii: "\\")) }
                output.append(byte)
            }
            output.append(UInt8(ascii: "'"))
        }
        switch root {
        case .tuple(let elements):
            output.append(UInt8(ascii: "("))
            guard writeElements(elements, depth: 1) else { return nil }
            output += (elements.count == 1 ? ",)" : ")").utf8
        case .value(let value):
            guard write(value, depth: 0) else { return nil }
        case .literal, .key:
            return nil
        }
        let text = String(decoding: output, as: UTF8.self)
        if let limit, text.unicodeScalars.count >= limit { return nil }
        return text
    }

    /// Whether the budget ran out before `item` (which is not a closing bracket); then writes `, ...` and the closing
    /// brackets still owed.
    private static func isSpent(_ budget: Int?, pending: [Item], _ item: Item, into output: inout String) -> Bool {
        guard let spent = budget, spent <= 0 else { return false }
        output += ", ..."
        closeOpenBrackets(after: pending + [item], into: &output)
        return true
    }

    /// Pushes a container's brackets and elements (with `, ` between them unless `separated` is false, when the
    /// elements carry their own) so that they come next; or, nested too deep, returns the collapsed literal to
    /// write instead.
    private static func expand(
        _ elements: [Item],
        _ start: String,
        _ end: String,
        _ level: Int,
        _ maxLevels: Int,
        _ pending: inout [Item],
        separated: Bool = true
    ) -> Item? {
        if maxLevels > 0 && level >= maxLevels {
            return .literal(start + "..." + end, truncatable: false, direction: 0)
        }
        pending.append(.literal(end, truncatable: false, direction: -1))
        for (position, element) in elements.enumerated().reversed() {
            pending.append(element)
            if separated && position > 0 { pending.append(.literal(", ", truncatable: true, direction: 0)) }
        }
        pending.append(.literal(start, truncatable: false, direction: 1))
        return nil
    }

    /// Writes the closing brackets of the containers that were open when the budget ran out, walking what was left
    /// (`remaining`, the next item last): brackets opened after that point are skipped with their closers.
    private static func closeOpenBrackets(after remaining: [Item], into output: inout String) {
        var depth = 0
        for item in remaining.reversed() {
            guard case .literal(let value, truncatable: false, let direction) = item else { continue }
            depth += direction
            if depth < 0 {
                depth = 0
                output += value
            }
        }
    }

    /// `'text'` with `'` escaped, cut like ``truncated(_:limit:)``.
    private static func quoted(_ text: String, limit: Int?) -> String {
        let text = truncated(text, limit: limit)
        guard text.utf8.contains(UInt8(ascii: "'")) else { return "'" + text + "'" }
        var output = "'"
        for scalar in text.unicodeScalars {
            if scalar == "'" { output += "\\" }
            output.unicodeScalars.append(scalar)
        }
        return output + "'"
    }

    /// Celery's `truncate`: text of `limit` code points or more is cut to `limit`, then back to its last space, and
    /// `...` is appended. No limit (or 0) leaves it whole.
    private static func truncated(_ text: String, limit: Int?) -> String {
        // Fewer UTF-8 bytes than the limit means fewer code points too: most texts stop at this cheap test.
        guard let limit, limit != 0, text.utf8.count >= limit, text.unicodeScalars.count >= limit else { return text }
        var head = Array(text.unicodeScalars.prefix(limit))
        if let space = head.lastIndex(of: " ") { head.removeSubrange(space...) }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: head)
        return String(view) + "..."
    }
}
