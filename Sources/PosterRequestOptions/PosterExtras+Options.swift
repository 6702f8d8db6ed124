import MapFeatures
public import PosterDesign
public import PosterSchema

extension PosterExtras {
    /// Sets the options that are given on `options` (all but ``greenSpace``, which changes what is fetched:
    /// ``PosterRequest/mapDataRequest(for:)``, and ``gpx``, read by ``PosterRequest/route()``); `PosterOptions.validate()`
    /// checks their ranges.
    ///
    /// - Throws: ``PosterDesign/RenderError`` for a `text` or `fade` it does not know.
    public func apply(to options: inout PosterOptions) throws {
        if let text { options.text = try PosterTextMode(parsing: text) }
        if let lineScale { options.lineScale = lineScale }
        if let frame { options.frame = frame }
        if let fade { options.fade = try PosterFade(parsing: fade) }
        if let markers {
            options.markers = markers.map {
                PosterMarker(point: GeoPoint(latitude: $0.latitude, longitude: $0.longitude), label: $0.label)
            }
        }
        if let legend { options.legend = legend }
        if let rotation { options.rotation = rotation }
        if let northArrow { options.northArrow = northArrow }
    }
}
