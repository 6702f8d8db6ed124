public import Celery

/// The example's task, `examples.word_stats(text, top=3)`: how many words a text has, how many differ, and the
/// most common ones. `python/stats_app.py` has the same task in Python, so either side can serve it.
public enum WordStats {
    /// The Python signature `word_stats(text, top=3)`.
    public struct Arguments: Codable, Sendable {
        /// The text to count.
        public var text: String
        /// How many of the most common words to list; 3 when left out, as Python's default.
        public var top: Int?

        public init(text: String, top: Int? = nil) {
            self.text = text
            self.top = top
        }
    }

    /// The task's result, the dict the Python task returns.
    public struct Summary: Codable, Sendable, Equatable {
        /// How many words, split on whitespace.
        public var words: Int
        /// How many different words, ignoring case.
        public var unique: Int
        /// The most common words, most common first; ties in order of first appearance.
        public var top: [String]

        public init(words: Int, unique: Int, top: [String]) {
            self.words = words
            self.unique = unique
            self.top = top
        }
    }

    /// The task's name and parameters, for registering it and for sending it.
    public static let task = TypedTask<Arguments, Summary>("examples.word_stats", parameters: ["text", "top"])

    /// The task as a worker serves it.
    public static let definition = TaskDefinition(task) { arguments, _ in summarize(arguments) }

    /// Counts the words of `arguments.text` as `collections.Counter(text.lower().split()).most_common(top)` does.
    public static func summarize(_ arguments: Arguments) -> Summary {
        let words = arguments.text.lowercased().split(whereSeparator: \.isWhitespace).map(String.init)
        var counts: [String: Int] = [:]
        var firstSeen: [String] = []
        for word in words {
            if counts[word] == nil { firstSeen.append(word) }
            counts[word, default: 0] += 1
        }
        // A stable sort keeps ties in order of first appearance, as `most_common` does.
        let ranked = firstSeen.enumerated().sorted { lhs, rhs in
            let (left, right) = (counts[lhs.element]!, counts[rhs.element]!)
            return left != right ? left > right : lhs.offset < rhs.offset
        }
        return Summary(
            words: words.count, unique: counts.count, top: ranked.prefix(max(arguments.top ?? 3, 0)).map(\.element))
    }
}
