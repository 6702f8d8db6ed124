import MapFeatures

extension GeoPoint {
    /// `"60.16952, 24.93545"`: latitude, longitude in decimal degrees, as the CLI prints a geocoded centre.
    var formatted: String { "\(latitude), \(longitude)" }
}
