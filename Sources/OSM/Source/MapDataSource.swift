/// Where map data comes from: Overpass, a local extract, or a cache in front of either.
public protocol MapDataSource: Sendable {
    /// Names the source and its data in cache keys, e.g. `"overpass"` or `"pbf:/data/finland.osm.pbf"`.
    var cacheIdentity: String { get }

    /// The features of `request`'s area.
    ///
    /// - Throws: ``OSMError`` with code ``OSMError/Code/noData`` ("No map data found for …") when
    ///   the area has nothing to draw, ``OSMError/Code/fetchFailed`` ("Could not retrieve map data
    ///   for this location.") when the source cannot be reached.
    func mapData(for request: MapDataRequest) async throws -> MapDataResult

    /// Where this source has data. Defaults to ``MapCoverage/world``.
    ///
    /// - Throws: ``OSMError`` when the source cannot tell (an unreadable extract).
    func coverage() async throws -> MapCoverage
}

extension MapDataSource {
    public func coverage() async throws -> MapCoverage { .world }
}
