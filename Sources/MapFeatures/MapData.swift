/// Everything a poster draws, in geographic coordinates.
///
/// Produced by the `OSM` module (from Overpass or a local extract) and consumed by `Render`.
public struct MapData: Sendable, Hashable {
    public var roads: [Road]
    /// Lakes, rivers, bays and, for coastal places, the sea.
    public var water: [Area]
    public var parks: [Area]
    /// Woods, forests and cemeteries, when asked for: green space drawn as parks (a theme may colour it apart).
    public var greenSpace: [Area]
    public var layers: [FeatureLayer]

    public init(
        roads: [Road] = [], water: [Area] = [], parks: [Area] = [], greenSpace: [Area] = [],
        layers: [FeatureLayer] = []
    ) {
        self.roads = roads
        self.water = water
        self.parks = parks
        self.greenSpace = greenSpace
        self.layers = layers
    }

    /// Whether there is nothing to draw at all.
    public var isEmpty: Bool {
        roads.isEmpty && water.isEmpty && parks.isEmpty && greenSpace.isEmpty
            && layers.allSatisfy { $0.lines.isEmpty && $0.areas.isEmpty }
    }
}
