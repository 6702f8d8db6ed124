/// A JSON object whose members keep the order they were parsed or inserted in.
///
/// Lookups are linear: objects on the wire here are small (headers, request dicts), where an
/// array beats hashing.
public struct JSONObject: Sendable, Hashable, RandomAccessCollection {
    /// One member: its key and its value.
    public typealias Member = (key: String, value: JSONValue)
    private var keys: [String]
    private var values: [JSONValue]

    /// An empty object, `{}`.
    public init() {
        keys = []
        values = []
    }

    /// Builds an object from `members` in order; a repeated key keeps its first position and last value.
    public init(_ members: some Sequence<(String, JSONValue)>) {
        self.init()
        keys.reserveCapacity(members.underestimatedCount)
        values.reserveCapacity(members.underestimatedCount)
        for (key, value) in members { self[key] = value }
    }

    /// The position of the first member: 0.
    public var startIndex: Int { 0 }
    /// The position after the last member: the number of members.
    public var endIndex: Int { keys.count }
    /// The member at `position`, counting in order from 0.
    public subscript(position: Int) -> Member { (keys[position], values[position]) }

    /// The member named `key`; assigning `nil` removes it, assigning a new key appends it.
    public subscript(key: String) -> JSONValue? {
        get { keys.firstIndex(of: key).map { values[$0] } }
        set {
            if let index = keys.firstIndex(of: key) {
                if let newValue {
                    values[index] = newValue
                } else {
                    keys.remove(at: index)
                    values.remove(at: index)
                }
            } else if let newValue {
                keys.append(key)
                values.append(newValue)
            }
        }
    }

    /// The keys in order.
    public var orderedKeys: [String] { keys }
}
