import MapFeatures
import OSM

/// What an import keeps of an extract: the wanted ways and multipolygons, their member ways, and the
/// positions of those ways' nodes.
struct ExtractContents: Sendable {
    var ways: [OSMWay] = []
    var relations: [OSMRelation] = []
    /// The ids of every node the kept ways use, ascending, with their positions (`nan` when the extract lacks one).
    var nodeIDs: [Int64] = []
    var latitudes: [Double] = []
    var longitudes: [Double] = []
    var extent: GeoBoundingBox?

    /// Reads `file` in three passes: ways and relations; the member ways not yet kept; the nodes.
    ///
    /// - Parameters:
    ///   - selector: decides which ways and relations are kept (members of kept relations always are).
    ///   - keys: the tag keys kept; the others are dropped.
    @available(*, noasync, message: "blocking file I/O")
    static func read(_ file: PBFFile, selector: FeatureSelector, keys: Set<String>) throws -> ExtractContents {
        func trimmed(_ way: OSMWay) -> OSMWay {
            OSMWay(id: way.id, nodeIDs: way.nodeIDs, tags: way.tags.filter { keys.contains($0.key) })
        }
        var contents = ExtractContents()
        contents.extent = try file.header().boundingBox
        var nodeBlobs: [UInt64] = []
        var wayBlobs: [UInt64] = []
        var kept = Set<Int64>()
        var members = Set<Int64>()
        try file.forEachBlock([.ways, .relations]) { block, offset in
            if block.contents.contains(.nodes) { nodeBlobs.append(offset) }
            if block.contents.contains(.ways) { wayBlobs.append(offset) }
            for way in block.ways where selector.wantsWay(way.tags) {
                contents.ways.append(trimmed(way))
                kept.insert(way.id)
            }
            for relation in block.relations where selector.wantsRelation(relation.tags) {
                contents.relations.append(
                    OSMRelation(
                        id: relation.id, members: relation.members, tags: relation.tags.filter { keys.contains($0.key) }
                    ))
                for member in relation.members where member.kind == .way { members.insert(member.id) }
            }
        }
        let missing = members.subtracting(kept)
        if !missing.isEmpty {
            try file.forEachBlock(.ways, offsets: wayBlobs) { block, _ in
                for way in block.ways where missing.contains(way.id) { contents.ways.append(trimmed(way)) }
            }
        }
        var ids = contents.ways.flatMap(\.nodeIDs)
        ids.sort()
        contents.nodeIDs = ids.enumerated().compactMap { index, id in index > 0 && ids[index - 1] == id ? nil : id }
        contents.latitudes = Array(repeating: .nan, count: contents.nodeIDs.count)
        contents.longitudes = contents.latitudes
        try file.forEachBlock(.nodes, offsets: nodeBlobs) { block, _ in
            contents.readPositions(block)
        }
        return contents
    }

    /// The position of node `id`, `nil` when the extract lacks it.
    func point(_ id: Int64) -> GeoPoint? {
        let index = lowerBound(id)
        guard index < nodeIDs.count, nodeIDs[index] == id, !latitudes[index].isNaN else { return nil }
        return GeoPoint(latitude: latitudes[index], longitude: longitudes[index])
    }

    /// Copies the positions of the wanted nodes of `block`, walking both ascending id lists together.
    private mutating func readPositions(_ block: PBFBlock) {
        var cursor = 0
        var previous = Int64.max
        for index in block.nodeIDs.indices {
            let id = block.nodeIDs[index]
            if id < previous { cursor = lowerBound(id) }
            previous = id
            while cursor < nodeIDs.count && nodeIDs[cursor] < id { cursor += 1 }
            if cursor < nodeIDs.count && nodeIDs[cursor] == id {
                latitudes[cursor] = block.latitudes[index]
                longitudes[cursor] = block.longitudes[index]
            }
        }
    }

    /// The index of the first node id not less than `id`.
    private func lowerBound(_ id: Int64) -> Int {
        var low = 0
        var high = nodeIDs.count
        while low < high {
            let middle = (low + high) / 2
            if nodeIDs[middle] < id { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
