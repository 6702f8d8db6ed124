import Foundation
import MapFeatures
import MapPosterTesting
import OSM
import PosterDesign
import Render
import Testing

@testable import MapStore

/// The store gives the features and the poster that reading the extract itself gives.
@Suite struct StoreSourceTests {
    /// A poster box of the Helsinki fixture: `center` ± the fetch distance of a 3 × 4 in poster of `distance`.
    ///
    /// Both sources gather ways within `margin` metres of the box: the default 500 m covers most of the small
    /// fixture, so the other places use less, and then read only some of the tiles.
    struct Place: CustomTestStringConvertible, Sendable {
        var name: String
        var center: GeoPoint
        var distance: Double
        var margin: Double = 500
        var layers: [TagFilter] = []
        /// Whether a multipolygon park with a hole is drawn.
        var hasParkWithHole = false

        var testDescription: String { name }
    }

    static let places = [
        // Well inside the extract, with the five extra layers.
        Place(
            name: "inside", center: GeoPoint(latitude: 60.1716, longitude: 24.9443), distance: 300,
            layers: StoreImporter.layerFilters),
        // Centred on a corner where four tiles meet.
        Place(
            name: "across tile edges", center: GeoPoint(latitude: 60.17, longitude: 24.944), distance: 200, margin: 60,
            layers: StoreImporter.layerFilters),
        // Over the extract's south-east edge, where the harbour's sea comes from the coastline.
        Place(
            name: "extract edge with sea", center: GeoPoint(latitude: 60.1655, longitude: 24.952), distance: 400,
            margin: 60),
        // Near the north edge of Kaisaniemi park (relation 6627217), whose inner ring lies in a tile the box does
        // not reach: the park comes assembled, hole and all, from the relation's home tile.
        Place(
            name: "multipolygon member beyond the box", center: GeoPoint(latitude: 60.1785, longitude: 24.9425),
            distance: 150, margin: 60, hasParkWithHole: true),
    ]

    func options(_ place: Place) throws -> PosterOptions {
        PosterOptions(
            center: place.center, distance: place.distance, width: 3, height: 4, dpi: 60,
            theme: try Theme.named("noir"), labels: PosterLabels(city: "Helsinki", country: "Finland"))
    }

    /// The place's request, green space included (woods, forests, cemeteries: a store keeps them too).
    func request(_ place: Place, includeSea: Bool = true) throws -> MapDataRequest {
        var request = MapDataRequest(
            center: place.center, distance: try options(place).fetchDistance,
            layers: place.layers.map { MapDataRequest.Layer(label: $0.description, color: "#ff0000", filter: $0) },
            includeSea: includeSea)
        request.includeGreenSpace = true
        return request
    }

    @Test(arguments: places) func posterFromTheStoreIsPixelIdentical(_ place: Place) async throws {
        let request = try request(place)
        let extract = LocalExtractSource(
            url: try Fixtures.helsinkiPBF, configuration: LocalExtractSource.Configuration(margin: place.margin),
            pool: .testing)
        let fromExtract = try await extract.mapData(for: request)
        let store = StoreSource(
            storage: FolderTileStorage(folder: try await StoreFixture.folder, pool: .testing), margin: place.margin,
            pool: .testing)
        let fromStore = try await store.mapData(for: request)
        let same = fromStore == fromExtract
        #expect(same, "store: \(summary(fromStore)); extract: \(summary(fromExtract))")
        #expect(fromExtract.mapData.roads.count > 20)
        if place.hasParkWithHole { #expect(fromExtract.mapData.parks.contains { !$0.holes.isEmpty }) }
        if !place.layers.isEmpty {
            #expect(fromExtract.mapData.layers.contains { !$0.lines.isEmpty || !$0.areas.isEmpty })
        }
        let tiles = TileGrid(size: StoreFixture.tileSize).tiles(covering: request.boundingBox)
        #expect(tiles.count >= 4, "the box spans tile edges")
        if place.margin < 500 {
            let read = TileGrid(size: StoreFixture.tileSize).tiles(
                covering: request.boundingBox.grown(by: place.margin))
            let tileCount = try await store.manifest().tileCount
            #expect(read.count < tileCount, "reads only some of the tiles")
        }

        // Kept only where the poster draws: fewer features, the same from either source, and the same poster.
        var drawnRequest = request
        drawnRequest.drawnBox = try options(place).drawnBoundingBox
        let drawnFromExtract = try await extract.mapData(for: drawnRequest)
        let drawnFromStore = try await store.mapData(for: drawnRequest)
        #expect(drawnFromStore == drawnFromExtract)
        #expect(drawnFromExtract.mapData.roads.count < fromExtract.mapData.roads.count)

        let posters = try render(
            [fromExtract.mapData, fromStore.mapData, drawnFromExtract.mapData], options: try options(place))
        #expect(posters[1] == posters[0])
        #expect(posters[2] == posters[0], "the poster from the drawn box differs")
    }

    /// Counts of what a result holds, for failure messages (the values themselves run to megabytes).
    func summary(_ result: MapDataResult) -> String {
        let data = result.mapData
        let layers = data.layers.map { "\($0.lines.count)/\($0.areas.count)" }.joined(separator: " ")
        return "\(data.roads.count) roads, \(data.water.count) water, \(data.parks.count) parks, layers \(layers), "
            + "\(result.warnings.count) warnings"
    }

    /// Renders each map as a PNG (blocking; the test's thread may block).
    func render(_ maps: [MapData], options: PosterOptions) throws -> [Data] {
        try maps.map { try PosterRenderer.render($0, options: options) }
    }

    /// The edge box really goes past the extract and really draws sea built from the coastline.
    @Test func edgeBoxDrawsTheSea() async throws {
        let place = Self.places[2]
        let store = StoreSource(
            storage: FolderTileStorage(folder: try await StoreFixture.folder, pool: .testing), margin: place.margin,
            pool: .testing)
        let extent = try #require(try await store.manifest().extentBox)
        let box = try request(place).boundingBox
        #expect(box.south < extent.south || box.east > extent.east)
        let withSea = try await store.mapData(for: try request(place))
        let withoutSea = try await store.mapData(for: try request(place, includeSea: false))
        #expect(withSea.mapData.water.count > withoutSea.mapData.water.count)
    }

    @Test func manifestDescribesTheImport() async throws {
        let manifest = try await StoreSource(
            storage: FolderTileStorage(folder: try await StoreFixture.folder, pool: .testing), pool: .testing
        )
        .manifest()
        #expect(manifest.version == StoreManifest.currentVersion)
        #expect(manifest.tileSize == StoreFixture.tileSize)
        #expect(manifest.source == "helsinki-center.osm.pbf")
        #expect(manifest.tileCount >= 50)
        #expect(manifest.wayCount > 1000 && manifest.wayCount < 5130, "wanted ways only")
        #expect(manifest.filters["natural"]?.contains("coastline") == true)
        #expect(
            manifest.uncovered([TagFilter(["amenity": ["bench"]]), TagFilter.rail]) == [
                TagFilter(["amenity": ["bench"]])
            ])
    }
}
