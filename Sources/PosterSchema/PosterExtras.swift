/// MapPoster's poster options beyond the Python original's (issue 20): text, line weight, frame, fades, markers,
/// rotation, green space, a GPX route. Each is a member of the request object after `paper_size` (and `lat`/`lon`); each is optional, and one
/// that is absent (or `null`) is left out of the dumped dict, so a request without any dumps, hashes and keys exactly
/// as the original's. A Python worker ignores them, as pydantic ignores unknown fields.
public struct PosterExtras: Sendable, Equatable {
    /// `text`: `all`, `title` or `none`.
    public var text: String?
    /// `line_scale`: multiplies the road widths (0.1–10).
    public var lineScale: Double?
    /// `frame`: a border in the theme's text colour.
    public var frame: Bool?
    /// `fade`: `both`, `top`, `bottom` or `none`.
    public var fade: String?
    /// `markers`: pins with optional labels.
    public var markers: [MapMarker]?
    /// `legend`: number the markers and list their labels.
    public var legend: Bool?
    /// `rotation`: degrees clockwise (−360…360).
    public var rotation: Double?
    /// `north_arrow`: an arrow pointing north.
    public var northArrow: Bool?
    /// `green_space`: woods, forests and cemeteries drawn as parks.
    public var greenSpace: Bool?
    /// `gpx`: a GPX document whose tracks and routes are drawn above the roads; without `lat`/`lon` the poster is
    /// centred on it and sized to it.
    public var gpx: String?

    public init(
        text: String? = nil, lineScale: Double? = nil, frame: Bool? = nil, fade: String? = nil,
        markers: [MapMarker]? = nil, legend: Bool? = nil, rotation: Double? = nil, northArrow: Bool? = nil,
        greenSpace: Bool? = nil, gpx: String? = nil
    ) {
        self.text = text
        self.lineScale = lineScale
        self.frame = frame
        self.fade = fade
        self.markers = markers
        self.legend = legend
        self.rotation = rotation
        self.northArrow = northArrow
        self.greenSpace = greenSpace
        self.gpx = gpx
    }
}

/// One pin of a request's `markers`: `{"lat": 60.17, "lon": 24.94, "label": "Home"}` (`label` optional).
public struct MapMarker: Sendable, Equatable {
    /// Degrees north, −90…90.
    public var latitude: Double
    /// Degrees east, −180…180.
    public var longitude: Double
    /// Drawn beside the pin or in the legend. Defaults to `""`.
    public var label: String

    public init(latitude: Double, longitude: Double, label: String = "") {
        self.latitude = latitude
        self.longitude = longitude
        self.label = label
    }
}
