/// The members of a JSON object in insertion order, with Python `dict` semantics.
///
/// Setting an existing key replaces its value and keeps its position, which is also what Python's
/// `json.loads` does with a duplicated key.
public struct JSONObject: Sendable, Equatable, Sequence {
    /// One member of an object.
    public typealias Member = (key: String, value: JSONValue)

    private var storage: [Member]

    /// An empty object.
    public init() { storage = [] }

    /// An object with `members` in order; a repeated key keeps its first position and its last value.
    public init(_ members: some Sequence<(String, JSONValue)>) {
        storage = []
        for (key, value) in members { self[key] = value }
    }

    /// The keys in insertion order.
    public var keys: [String] { storage.map(\.key) }

    /// The number of members.
    public var count: Int { storage.count }

    /// The value of `key`, or `nil`; setting `nil` removes the member.
    public subscript(key: String) -> JSONValue? {
        get { storage.first { $0.key == key }?.value }
        set {
            let index = storage.firstIndex { $0.key == key }
            switch (index, newValue) {
            case (let index?, let value?): storage[index].value = value
            case (let index?, nil): storage.remove(at: index)
            case (nil, let value?): storage.append((key, value))
            case (nil, nil): break
            }
        }
    }

    /// Iterates the members in insertion order.
    public func makeIterator() -> IndexingIterator<[Member]> { storage.makeIterator() }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.storage.count == rhs.storage.count
            && zip(lhs.storage, rhs.storage).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }
}
