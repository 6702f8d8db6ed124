/// The body of `POST /generate` and the single argument of `backend.tasks.generate_poster_task`.
///
/// The fields, their order, their defaults and their coercions are those of the Python original's
/// pydantic v2 model `PosterRequest` (maptoposter-web §1.4): no constraints, extra fields ignored.
/// Decode one with ``init(validating:)``; its canonical JSON, MD5 and object key come from
/// ``canonicalJSON``, ``hash`` and ``objectKey``.
///
/// One addition of ours: an optional centre, ``latitude``/``longitude`` (`lat`/`lon`), both or neither. When it is
/// absent the dumped dict, the hash and the key are exactly the original's; when present it follows `paper_size`
/// in the dump (so it enters the hash) and the worker draws there without geocoding. A Python worker ignores the two
/// extra members, as pydantic ignores unknown fields. ``extras`` (issue 20's options) follow the same rule.
public struct PosterRequest: Sendable, Equatable {
    /// The city: geocoded with ``country``, drawn as the title, slugified into the object key.
    public var city: String
    /// The country.
    public var country: String
    /// The theme id, used raw in the object key. Defaults to `"feature_based"`.
    public var style: String
    /// Render every theme into one ZIP. Defaults to `false`.
    public var allThemes: Bool
    /// The half-size of the map in metres. Defaults to `10000`.
    public var distance: Int
    /// The poster width in inches. Defaults to `12.0`.
    public var width: Double
    /// The poster height in inches. Defaults to `16.0`.
    public var height: Double
    /// Replaces the country line when set.
    public var countryLabel: String?
    /// Ignored by the renderer, but part of the hash.
    public var nameLabel: String?
    /// Extra OpenStreetMap layers.
    public var customLayers: [CustomLayer]?
    /// Colour overrides for single-theme posters.
    public var customColors: CustomColors?
    /// The output format (`png`, `svg`, `pdf`). Defaults to `"png"`.
    public var format: String
    /// Dots per inch. Defaults to `300`.
    public var dpi: Int
    /// The margin in inches. Defaults to `0.0`.
    public var margins: Double
    /// The paper name: metadata only, but part of the hash. Defaults to `"custom"`.
    public var paperSize: String
    /// The poster's centre latitude in degrees (−90…90), JSON `lat`; geocoding is skipped when given with ``longitude``.
    public var latitude: Double?
    /// The poster's centre longitude in degrees (−180…180), JSON `lon`.
    public var longitude: Double?
    /// Our options beyond the original's (text, line scale, frame, fade, markers, rotation); none by default.
    public var extras: PosterExtras

    /// Creates a request; every default is the Python original's.
    public init(
        city: String,
        country: String,
        style: String = "feature_based",
        allThemes: Bool = false,
        distance: Int = 10000,
        width: Double = 12.0,
        height: Double = 16.0,
        countryLabel: String? = nil,
        nameLabel: String? = nil,
        customLayers: [CustomLayer]? = nil,
        customColors: CustomColors? = nil,
        format: String = "png",
        dpi: Int = 300,
        margins: Double = 0.0,
        paperSize: String = "custom",
        latitude: Double? = nil,
        longitude: Double? = nil,
        extras: PosterExtras = PosterExtras()
    ) {
        self.city = city
        self.country = country
        self.style = style
        self.allThemes = allThemes
        self.distance = distance
        self.width = width
        self.height = height
        self.countryLabel = countryLabel
        self.nameLabel = nameLabel
        self.customLayers = customLayers
        self.customColors = customColors
        self.format = format
        self.dpi = dpi
        self.margins = margins
        self.paperSize = paperSize
        self.latitude = latitude
        self.longitude = longitude
        self.extras = extras
    }
}
