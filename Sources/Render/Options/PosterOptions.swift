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
    public var customColors: CustomColors
    public var labels: PosterLabels
    /// Defaults to PNG.
    public var format: PosterFormat

    public init(
        center: GeoPoint,
        distance: Double = 10_000,
        width: Double = 12,
        height: Double = 16,
        dpi: Int = 300,
        margins: Double = 0,
        theme: Theme,
        customColors: CustomColors = CustomColors(),
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
    public var fetchDistance: Double { distance * max(width, height) / min(width, height) }

    /// The theme with the custom colours applied: what is actually drawn.
    public var effectiveTheme: Theme { theme.applying(customColors) }
}
