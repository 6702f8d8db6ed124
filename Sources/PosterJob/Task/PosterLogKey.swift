/// Metadata keys of the poster pipeline's log lines, one place for all of them.
enum PosterLogKey {
    /// What the map data source could not get (``OSM/MapDataResult/warnings``).
    static let mapDataWarning = "mapposter.map_data.warning"
    /// The map data source (its cache identity: `overpass`, `pbf:<path>:<size>:<mtime>`, `store:<location>`).
    static let mapDataSource = "mapposter.map_data.source"
    /// What was read: `"2469 roads, 9 water areas, 98 parks, 1 extra layers"`.
    static let mapDataFeatures = "mapposter.map_data.features"
    /// The place geocoded, `city, country`.
    static let place = "mapposter.place"
    /// The poster's centre, `lat,lon`.
    static let center = "mapposter.center"
    /// The object key of the poster in the store.
    static let key = "mapposter.key"
    /// The format drawn: `png`, `svg`, `pdf`, or `zip` for every theme.
    static let format = "mapposter.format"
    /// The size of the poster's file, in bytes.
    static let bytes = "mapposter.bytes"
    /// How long the step took (`0.412 seconds`).
    static let duration = "mapposter.duration"
}
