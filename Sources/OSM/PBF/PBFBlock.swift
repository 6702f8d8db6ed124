/// The decoded contents of one `OSMData` blob (a PrimitiveBlock): a few thousand elements.
///
/// Nodes are kept as parallel arrays because dense-node blocks hold ~8000 of them and almost
/// none carry tags.
public struct PBFBlock: Sendable {
    public var nodeIDs: [Int64] = []
    public var latitudes: [Double] = []
    public var longitudes: [Double] = []
    /// Tags of the nodes that have any, keyed by index into ``nodeIDs`` (only when requested).
    public var nodeTags: [Int: [String: String]] = [:]
    public var ways: [OSMWay] = []
    public var relations: [OSMRelation] = []

    /// Which kinds of elements the block holds, whether or not they were decoded.
    public var contents: PBFContents = []

    public init() {}

    /// The block's nodes as values (allocates; the arrays are cheaper in hot loops).
    public var nodes: [OSMNode] {
        nodeIDs.indices.map { index in
            OSMNode(
                id: nodeIDs[index],
                latitude: latitudes[index],
                longitude: longitudes[index],
                tags: nodeTags[index] ?? [:]
            )
        }
    }
}

/// A set of element kinds to decode from a PBF file.
public struct PBFContents: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let nodes = PBFContents(rawValue: 1)
    /// Node tags too (costs a dictionary per tagged node).
    public static let nodeTags = PBFContents(rawValue: 2)
    public static let ways = PBFContents(rawValue: 4)
    public static let relations = PBFContents(rawValue: 8)
    public static let all: PBFContents = [.nodes, .nodeTags, .ways, .relations]
}
