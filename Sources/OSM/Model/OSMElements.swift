/// An OpenStreetMap node: a point with an id.
public struct OSMNode: Sendable, Hashable {
    public var id: Int64
    public var latitude: Double
    public var longitude: Double
    public var tags: [String: String]

    public init(id: Int64, latitude: Double, longitude: Double, tags: [String: String] = [:]) {
        self.id = id
        self.latitude = latitude
        self.longitude = longitude
        self.tags = tags
    }
}

/// An OpenStreetMap way: an ordered list of node ids. Closed when the first id equals the last.
public struct OSMWay: Sendable, Hashable {
    public var id: Int64
    public var nodeIDs: [Int64]
    public var tags: [String: String]

    public init(id: Int64, nodeIDs: [Int64], tags: [String: String] = [:]) {
        self.id = id
        self.nodeIDs = nodeIDs
        self.tags = tags
    }

    /// Whether the way ends where it starts (and has at least a triangle's worth of nodes).
    public var isClosed: Bool { nodeIDs.count >= 4 && nodeIDs.first == nodeIDs.last }
}

/// An OpenStreetMap relation: tagged, ordered members with roles.
public struct OSMRelation: Sendable, Hashable {
    /// What a member refers to.
    public enum MemberKind: Int, Sendable, Hashable {
        case node = 0
        case way = 1
        case relation = 2
    }

    /// One member of a relation.
    public struct Member: Sendable, Hashable {
        public var kind: MemberKind
        public var id: Int64
        public var role: String

        public init(kind: MemberKind, id: Int64, role: String) {
            self.kind = kind
            self.id = id
            self.role = role
        }
    }

    public var id: Int64
    public var members: [Member]
    public var tags: [String: String]

    public init(id: Int64, members: [Member], tags: [String: String] = [:]) {
        self.id = id
        self.members = members
        self.tags = tags
    }
}
