import MapFeatures
import OSM
import Testing

/// Ring and coastline assembly on small hand-made data sets with known answers.
@Suite struct AssemblyTests {
    /// A grid of nodes: id = 1000 + 10 × row + column, at latitude row, longitude column.
    static func grid(_ size: Int = 10) -> [Int64: GeoPoint] {
        var nodes: [Int64: GeoPoint] = [:]
        for row in 0...size {
            for column in 0...size {
                nodes[Int64(1000 + 100 * row + column)] = GeoPoint(latitude: Double(row), longitude: Double(column))
            }
        }
        return nodes
    }

    static func id(_ row: Int, _ column: Int) -> Int64 { Int64(1000 + 100 * row + column) }

    @Test func multipolygonJoinsWaysAndAssignsHoles() {
        var dataSet = OSMDataSet(nodes: Self.grid())
        let id = Self.id
        // Outer square (1,1)-(8,8) in three ways, one reversed; inner square (3,3)-(5,5) closed.
        dataSet.ways[1] = OSMWay(id: 1, nodeIDs: [id(1, 1), id(1, 8), id(8, 8)])
        dataSet.ways[2] = OSMWay(id: 2, nodeIDs: [id(1, 1), id(8, 1)])
        dataSet.ways[3] = OSMWay(id: 3, nodeIDs: [id(8, 1), id(8, 8)])
        dataSet.ways[4] = OSMWay(id: 4, nodeIDs: [id(3, 3), id(3, 5), id(5, 5), id(5, 3), id(3, 3)])
        // A second relation with a broken outer ring.
        dataSet.ways[5] = OSMWay(id: 5, nodeIDs: [id(0, 9), id(0, 10), id(2, 10)])
        let members =
            [1, 2, 3].map { OSMRelation.Member(kind: .way, id: $0, role: "outer") }
            + [OSMRelation.Member(kind: .way, id: 4, role: "inner")]
        dataSet.relations[10] = OSMRelation(
            id: 10, members: members, tags: ["type": "multipolygon", "leisure": "park"])
        dataSet.relations[11] = OSMRelation(
            id: 11,
            members: [
                OSMRelation.Member(kind: .way, id: 5, role: "outer"),
                OSMRelation.Member(kind: .way, id: 99, role: "outer"),
            ],
            tags: ["type": "multipolygon", "natural": "water"]
        )
        let request = MapDataRequest(boundingBox: GeoBoundingBox(south: 0, west: 0, north: 10, east: 10))
        let result = FeatureSelector(request: request).select(from: dataSet)
        #expect(result.mapData.parks.count == 1)
        let park = result.mapData.parks[0]
        #expect(park.outer.count == 5)
        #expect(park.holes.count == 1)
        #expect(park.contains(GeoPoint(latitude: 2, longitude: 2)))
        #expect(!park.contains(GeoPoint(latitude: 4, longitude: 4)))
        #expect(result.mapData.water.isEmpty)
        #expect(result.warnings.count == 1)
        #expect(result.warnings[0].contains("relation 11"))
    }

    /// A member way loaded only to close a multipolygon's ring (far from the box, `memberOnlyWays`) completes the
    /// ring but is not drawn on its own, though its tags make it a road; the same way near the box is.
    @Test func memberOnlyWaysCompleteRingsButAreNotDrawn() {
        var dataSet = OSMDataSet(nodes: Self.grid())
        let id = Self.id
        dataSet.ways[1] = OSMWay(id: 1, nodeIDs: [id(1, 1), id(1, 8), id(8, 8)])
        dataSet.ways[2] = OSMWay(id: 2, nodeIDs: [id(8, 8), id(8, 1), id(1, 1)], tags: ["highway": "footway"])
        dataSet.relations[10] = OSMRelation(
            id: 10, members: [1, 2].map { OSMRelation.Member(kind: .way, id: $0, role: "outer") },
            tags: ["type": "multipolygon", "leisure": "park"])
        let selector = FeatureSelector(
            request: MapDataRequest(boundingBox: GeoBoundingBox(south: 0, west: 0, north: 10, east: 10)))
        dataSet.memberOnlyWays = [1, 2]
        let memberOnly = selector.select(from: dataSet).mapData
        #expect(memberOnly.parks.count == 1 && memberOnly.parks[0].outer.count == 5)
        #expect(memberOnly.roads.isEmpty)
        dataSet.memberOnlyWays = [1]
        #expect(selector.select(from: dataSet).mapData.roads.count == 1)
    }

    /// A coastline running west to east across the box: land on its left (north), sea to the south.
    @Test func coastlineCrossingTheBoxFillsTheRightSide() {
        var dataSet = OSMDataSet(nodes: Self.grid())
        let id = Self.id
        dataSet.ways[1] = OSMWay(id: 1, nodeIDs: [id(5, 0), id(6, 3), id(4, 7)], tags: ["natural": "coastline"])
        dataSet.ways[2] = OSMWay(id: 2, nodeIDs: [id(4, 7), id(5, 10)], tags: ["natural": "coastline"])
        let box = GeoBoundingBox(south: 1, west: 1, north: 9, east: 9)
        let result = FeatureSelector(request: MapDataRequest(boundingBox: box)).select(from: dataSet)
        #expect(result.mapData.water.count == 1)
        let sea = result.mapData.water[0]
        #expect(sea.contains(GeoPoint(latitude: 2, longitude: 5)))
        #expect(!sea.contains(GeoPoint(latitude: 8, longitude: 5)))

        // Reversing the coastline swaps land and sea.
        dataSet.ways[1]!.nodeIDs.reverse()
        dataSet.ways[2]!.nodeIDs.reverse()
        let flipped = FeatureSelector(request: MapDataRequest(boundingBox: box)).select(from: dataSet).mapData.water
        #expect(flipped.count == 1)
        #expect(flipped[0].contains(GeoPoint(latitude: 8, longitude: 5)))
        #expect(!flipped[0].contains(GeoPoint(latitude: 2, longitude: 5)))
    }

    /// Four coastlines crossing the box north–south, in alternate directions: each piece's ring closes on the piece
    /// whose entry comes next clockwise along the border, so the sea is two separate strips and the land three.
    @Test func alternatingCoastlinesMakeSeparateSeaStrips() {
        var dataSet = OSMDataSet(nodes: Self.grid())
        let id = Self.id
        for (index, column) in [2, 4, 6, 8].enumerated() {
            // Northward the land is west of the line, southward east of it: sea between columns 2–4 and 6–8.
            let northward = index % 2 == 0
            dataSet.ways[Int64(index + 1)] = OSMWay(
                id: Int64(index + 1),
                nodeIDs: northward ? [id(0, column), id(10, column)] : [id(10, column), id(0, column)],
                tags: ["natural": "coastline"])
        }
        let box = GeoBoundingBox(south: 1, west: 1, north: 9, east: 9)
        let water = FeatureSelector(request: MapDataRequest(boundingBox: box)).select(from: dataSet).mapData.water
        #expect(water.count == 2)
        for longitude in [3.0, 7.0] {
            #expect(water.filter { $0.contains(GeoPoint(latitude: 5, longitude: longitude)) }.count == 1)
        }
        for longitude in [1.5, 5.0, 8.5] {
            #expect(!water.contains { $0.contains(GeoPoint(latitude: 5, longitude: longitude)) })
        }
    }

    /// An island (counter-clockwise closed coastline) inside the box: the box is sea with a hole.
    @Test func islandMakesAHoleInTheSea() {
        var dataSet = OSMDataSet(nodes: Self.grid())
        let id = Self.id
        dataSet.ways[1] = OSMWay(
            id: 1,
            nodeIDs: [id(4, 4), id(4, 6), id(6, 6), id(6, 4), id(4, 4)],
            tags: ["natural": "coastline"]
        )
        let box = GeoBoundingBox(south: 1, west: 1, north: 9, east: 9)
        let water = FeatureSelector(request: MapDataRequest(boundingBox: box)).select(from: dataSet).mapData.water
        #expect(water.count == 1)
        #expect(water[0].holes.count == 1)
        #expect(water[0].contains(GeoPoint(latitude: 2, longitude: 2)))
        #expect(!water[0].contains(GeoPoint(latitude: 5, longitude: 5)))
    }

    /// A bay: the coastline enters and leaves through the same edge; a corner lies on the land side.
    @Test func coastlineAroundACornerKeepsCornersOnTheRightSide() {
        var dataSet = OSMDataSet(nodes: Self.grid())
        let id = Self.id
        // East along latitude 4, then south along longitude 4: land (left) north and east, sea south-west.
        dataSet.ways[1] = OSMWay(id: 1, nodeIDs: [id(4, 0), id(4, 4), id(0, 4)], tags: ["natural": "coastline"])
        let box = GeoBoundingBox(south: 1, west: 1, north: 9, east: 9)
        let water = FeatureSelector(request: MapDataRequest(boundingBox: box)).select(from: dataSet).mapData.water
        #expect(water.count == 1)
        #expect(water[0].contains(GeoPoint(latitude: 2, longitude: 2)))
        #expect(!water[0].contains(GeoPoint(latitude: 8, longitude: 8)))
        #expect(!water[0].contains(GeoPoint(latitude: 2, longitude: 8)))
        #expect(water[0].outer.contains(GeoPoint(latitude: 1, longitude: 1)))
    }
}
