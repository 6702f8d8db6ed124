import Foundation
import MapFeatures
import MapPosterTesting
import OSM
import Testing

@Suite struct PBFFileTests {
    /// The counts `osmium fileinfo -e` reports for the fixture (checked again live when osmium is installed).
    static let expected = OSMCounts(nodes: 24_260, ways: 5_130, relations: 620)

    @Test func countsMatchOsmium() throws {
        let url = try Fixtures.helsinkiPBF
        let counts = try PBFFile(url: url).counts()
        #expect(counts == Self.expected)
        if let osmium = Command.find("osmium") {
            func count(_ kind: String) throws -> Int {
                let text = try Command.output(osmium, ["fileinfo", "-e", "-g", "data.count.\(kind)", url.path])
                return try #require(Int(text.trimmingCharacters(in: .whitespacesAndNewlines)))
            }
            let live = OSMCounts(nodes: try count("nodes"), ways: try count("ways"), relations: try count("relations"))
            #expect(counts == live)
        }
    }

    @Test func headerHasTheExtractBox() throws {
        let header = try PBFFile(url: try Fixtures.helsinkiPBF).header()
        let box = try #require(header.boundingBox)
        #expect(abs(box.west - 24.9351762) < 1e-7)
        #expect(abs(box.north - 60.179113) < 1e-7)
        #expect(header.requiredFeatures.contains("DenseNodes"))
    }

    /// Every way's node list and tags, and every node's position, agree with osmium's OPL dump.
    @Test func elementsMatchOsmiumOPL() throws {
        guard let osmium = Command.find("osmium") else { return }
        let url = try Fixtures.helsinkiPBF
        let opl = try Command.output(osmium, ["cat", "-f", "opl", url.path])
        var oplWays: [Int64: (refs: [Int64], tagCount: Int)] = [:]
        var oplNodes: [Int64: (Double, Double)] = [:]
        for line in opl.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard let kind = fields.first?.first, let id = Int64(fields[0].dropFirst()) else { continue }
            func field(_ prefix: Character) -> Substring? { fields.first { $0.first == prefix }?.dropFirst() }
            if kind == "w" {
                let refs = (field("N") ?? "").split(separator: ",").compactMap { Int64($0.dropFirst()) }
                let tags = (field("T") ?? "").split(separator: ",").count
                oplWays[id] = (refs, tags)
            } else if kind == "n", let x = field("x").flatMap({ Double($0) }),
                let y = field("y").flatMap({ Double($0) })
            {
                oplNodes[id] = (y, x)
            }
        }
        var ways: [Int64: OSMWay] = [:]
        var nodes: [Int64: (Double, Double)] = [:]
        try PBFFile(url: url).forEachBlock { block, _ in
            for way in block.ways { ways[way.id] = way }
            for index in block.nodeIDs.indices {
                nodes[block.nodeIDs[index]] = (block.latitudes[index], block.longitudes[index])
            }
        }
        #expect(ways.count == oplWays.count)
        #expect(nodes.count == oplNodes.count)
        var mismatches = 0
        for (id, way) in ways where oplWays[id]?.refs != way.nodeIDs || oplWays[id]?.tagCount != way.tags.count {
            mismatches += 1
        }
        for (id, position) in nodes {
            guard let other = oplNodes[id], abs(other.0 - position.0) < 1e-7, abs(other.1 - position.1) < 1e-7 else {
                mismatches += 1
                continue
            }
        }
        #expect(mismatches == 0)
    }

    /// osmium writes zlib-compressed blobs by default (the fixture itself is raw): both read the same.
    @Test func readsZlibCompressedBlobs() throws {
        guard let osmium = Command.find("osmium") else { return }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("osm-zlib-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let compressed = folder.appendingPathComponent("helsinki-zlib.osm.pbf")
        _ = try Command.output(osmium, ["cat", "-o", compressed.path, try Fixtures.helsinkiPBF.path])
        let info = try Command.output(osmium, ["fileinfo", compressed.path])
        #expect(info.contains("zlib"))
        #expect(try PBFFile(url: compressed).counts() == Self.expected)
    }

    @Test func rejectsGarbage() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("garbage-\(UUID().uuidString).pbf")
        try Data([0, 0, 0, 5, 1, 2, 3]).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        #expect(throws: OSMError.self) { try PBFFile(url: file).counts() }
        #expect(throws: OSMError.self) { try PBFFile(url: URL(fileURLWithPath: "/nonexistent.pbf")).counts() }
    }
}
