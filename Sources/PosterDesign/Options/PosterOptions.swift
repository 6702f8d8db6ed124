public import MapFeatures

/// Everything about a poster except its features: where, how big, which colours, which words, which format.
///
/// Sizes and margins are in inches. ``distance`` is in metres and sets the scale as the web fork does: the map's
/// long side spans ±`distance` around the centre, the short side ±`distance` × short/long.
public struct PosterOptions: Sendable, Hashable {
    /// The point the map is centred on, also printed as the coordinates line.
    public var center: GeoPoint
    /// Half the long side of the map, in metres (the web fork's `distance`). Defaults to `10000`.
    public var distance: Double
    /// Page width in inches. Defaults to `12`.
    public var width: Double
    /// Page height in inches. Defaults to `16`.
    public var height: Double
    /// Raster resolution for PNG; vector formats ignore it. Defaults to `300`.
    public var dpi: Int
    /// Blank border on every side, in inches, painted with the background. Defaults to `0`.
    public var margins: Double
    public var theme: Theme
    /// Overrides applied on top of ``theme``.
    public var customColors: ColorOverrides
    public var labels: PosterLabels
    /// Defaults to PNG.
    public var format: PosterFormat
    /// Which words are drawn. Defaults to ``PosterTextMode/all``.
    public var text: PosterTextMode = .all
    /// Multiplies every road's width (the original's are 0.4–1.2 pt, thin on small areas). Defaults to `1`.
    public var lineScale: Double = 1
    /// Draws a border around the map in the theme's text colour. Defaults to `false`.
    public var frame: Bool = false
    /// Which edges of the map fade. Defaults to ``PosterFade/both``, the original's.
    public var fade: PosterFade = .both
    /// Pins drawn on the map, in order. Defaults to none.
    public var markers: [PosterMarker] = []
    /// Numbers the pins and lists their labels in a legend at the map's top left, instead of labelling each pin.
    /// Defaults to `false`.
    public var legend: Bool = false
    /// Turns the map clockwise by this many degrees about its centre (north then points that way). Defaults to `0`.
    public var rotation: Double = 0
    /// Draws an arrow pointing north at the map's top right. Defaults to `false`.
    public var northArrow: Bool = false
    /// A route (a run, a ride, a trip) drawn above the roads: each element is one unbroken line. Defaults to none.
    public var route: [[GeoPoint]] = []

    public init(
        center: GeoPoint,
        distance: Double = 10_000,
        width: Double = 12,
        height: Double = 16,
        dpi: Int = 300,
        margins: Double = 0,
        theme: Theme,
        customColors: ColorOverrides = ColorOverrides(),
        labels: PosterLabels = PosterLabels(),
        format: PosterFormat = .png
    ) {
        self.center = center
        self.distance = distance
        self.width = width
        self.height = height
        self.dpi = dpi
        self.margins = margins
        self.theme = theme
        self.customColors = customColors
        self.labels = labels
        self.format = format
    }

    /// Sets ``width`` and ``height`` from a paper preset.
    public mutating func apply(_ paper: PaperSize) {
        width = paper.width
        height = paper.height
    }

    /// How far around ``center`` to fetch features, in metres: the web fork's compensated distance,
    /// `distance × max(width, height) / min(width, height)` (the CLI divides by 4 more; the web fork does not).
    ///
    /// The crop only needs ±``distance`` on the long side, so this over-fetches exactly as the web fork does;
    /// pass it to `GeoBoundingBox(around:distance:)` to get the box the Python original downloads.
    /// A rotated map needs its whole turned crop: the fetch then reaches at least the crop's half-diagonal.
    public var fetchDistance: Double {
        let compensated = distance * max(width, height) / min(width, height)
        guard rotation.truncatingRemainder(dividingBy: 360) != 0 else { return compensated }
        let extent = PosterLayout(options: self).turnedHalfExtent
        return max(compensated, extent.width, extent.height)
    }

    /// The theme with the custom colours applied: what is actually drawn.
    public var effectiveTheme: Theme { theme.applying(customColors) }
}
