/// Metadata keys of the poster pipeline's log lines.
enum PosterLogKey {
    /// What the map data source could not get (``OSM/MapDataResult/warnings``).
    static let mapDataWarning = "mapposter.map_data.warning"
}
