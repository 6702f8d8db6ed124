extension MapData {
    /// `"2469 roads, 9 water areas, 98 parks, 1 extra layers"`: what the CLI prints and the worker logs after
    /// reading features.
    public var summary: String {
        "\(roads.count) roads, \(water.count) water areas, \(parks.count) parks, \(layers.count) extra layers"
    }
}
