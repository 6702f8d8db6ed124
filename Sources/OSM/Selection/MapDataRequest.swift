public import MapFeatures

/// What to fetch: an area and the extra layers.
public struct MapDataRequest: Sendable, Hashable {
    /// One extra layer: what the user called it, how to draw it, which tags select it.
    public struct Layer: Sendable, Hashable {
        public var label: String
        public var color: String
        public var width: Double
        public var filter: TagFilter

        public init(label: String, color: String, width: Double = 1.0, filter: TagFilter) {
            self.label = label
            self.color = color
            self.width = width
            self.filter = filter
        }
    }

    /// Features are kept when they touch this box (whole roads are kept, as OSMnx's `truncate_by_edge`).
    public var boundingBox: GeoBoundingBox
    /// The part of ``boundingBox`` a poster draws (``PosterDesign/PosterOptions/drawnBoundingBox``), when known:
    /// roads, areas and layer features are then kept only when they touch it, since nothing else reaches the page.
    /// Sea still comes from the coastlines of the whole box (whether the drawn part is sea can depend on a coastline
    /// beyond it). Sources fetch as for the whole box (Overpass sends the Python original's query); a store's reader
    /// skips, as it decodes tiles, the ways selection would drop.
    public var drawnBox: GeoBoundingBox?
    public var layers: [Layer]
    /// Whether to build sea polygons from `natural=coastline`. Defaults to `true`.
    public var includeSea: Bool
    /// Whether to select woods, forests and cemeteries (``TagFilter/greenSpace``) as green space. Defaults to `false`.
    public var includeGreenSpace = false
    /// How error messages name the area, e.g. `"Helsinki, Finland"`.
    public var areaName: String?

    public init(boundingBox: GeoBoundingBox, layers: [Layer] = [], includeSea: Bool = true, areaName: String? = nil) {
        self.boundingBox = boundingBox
        self.layers = layers
        self.includeSea = includeSea
        self.areaName = areaName
    }

    /// The box ±`distance` metres around `center`, as OSMnx's `graph_from_point(dist_type="bbox")`.
    ///
    /// `distance` is used as given. The Python original fetches with a *compensated* distance
    /// (`distance × long/short side`, and the CLI also divides by 4, see maptoposter-renderer.md §1.5):
    /// the caller (PosterJob) applies that compensation; this type does not.
    public init(
        center: GeoPoint, distance: Double, layers: [Layer] = [], includeSea: Bool = true, areaName: String? = nil
    ) {
        self.init(
            boundingBox: GeoBoundingBox(around: center, distance: distance),
            layers: layers,
            includeSea: includeSea,
            areaName: areaName
        )
    }

    /// The widest line an extra layer draws, in points; 0 without layers. A poster's drawn box grows by its reach
    /// (``PosterDesign/PosterOptions/drawnBoundingBox(widestLine:)``).
    public var widestLayerLine: Double { layers.map(\.width).max() ?? 0 }

    /// The name used in "No map data found for …".
    package var areaDescription: String {
        if let areaName { return areaName }
        let box = boundingBox
        return "the area (\(box.south), \(box.west), \(box.north), \(box.east))"
    }

    /// A stable text of everything that changes the result: used for cache keys.
    public var cacheDescription: String {
        let layerText = layers.map { "\($0.filter)" }.joined(separator: "/")
        return "bbox=\(cacheText(boundingBox));sea=\(includeSea);layers=\(layerText)"
            + (includeGreenSpace ? ";green=true" : "") + (drawnBox.map { ";drawn=\(cacheText($0))" } ?? "")
    }
}

/// A box's edges in millionths of a degree, for cache keys.
private func cacheText(_ box: GeoBoundingBox) -> String {
    [box.south, box.west, box.north, box.east].map { String(format6($0)) }.joined(separator: ",")
}

private func format6(_ value: Double) -> String {
    let scaled = (value * 1_000_000).rounded()
    return String(Int64(scaled))
}

/// What a source returns: the features and what could not be assembled.
public struct MapDataResult: Sendable, Hashable {
    public var mapData: MapData
    /// Broken multipolygon rings, holes without an outer ring and similar problems, skipped.
    public var warnings: [String]

    public init(mapData: MapData, warnings: [String] = []) {
        self.mapData = mapData
        self.warnings = warnings
    }
}
