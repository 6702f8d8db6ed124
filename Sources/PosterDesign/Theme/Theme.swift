public import MapFeatures

/// The colours of a poster, as in the Python original's `themes/<id>.json`.
///
/// The 17 themes ship as JSON resources of this module (``Theme/named(_:)``, ``Theme/ids``). Road colours
/// missing from a file fall back to the web fork's defaults (`#000`, `#111`, `#222`, `#333`, `#444`, `#333`).
public struct Theme: Sendable, Hashable {
    /// The file stem, e.g. `"noir"`.
    public var id: String
    /// The display name, e.g. `"Noir"`.
    public var name: String
    /// One line describing the look.
    public var description: String
    public var background: RGBColor
    public var text: RGBColor
    /// The colour the top and bottom 25 % fade into (equal to ``background`` in every shipped theme).
    public var gradient: RGBColor
    public var water: RGBColor
    public var parks: RGBColor
    /// Woods, forests and cemeteries when a poster asks for them: ``parks`` unless the theme file says `green_space`.
    public var greenSpace: RGBColor
    /// One colour per road class.
    public var roads: [RoadClass: RGBColor]

    public init(
        id: String,
        name: String,
        description: String = "",
        background: RGBColor,
        text: RGBColor,
        gradient: RGBColor,
        water: RGBColor,
        parks: RGBColor,
        greenSpace: RGBColor? = nil,
        roads: [RoadClass: RGBColor]
    ) {
        self.id = id
        self.name = name
        self.description = description
        self.background = background
        self.text = text
        self.gradient = gradient
        self.water = water
        self.parks = parks
        self.greenSpace = greenSpace ?? parks
        self.roads = roads
    }

    /// The colour of a road class: the theme's own, else the web fork's fallback for that class.
    public func color(for roadClass: RoadClass) -> RGBColor {
        if let color = roads[roadClass] { return color }
        return Self.fallbackRoadColors[roadClass]!
    }

    static let fallbackRoadColors: [RoadClass: RGBColor] = [
        .motorway: RGBColor(red: 0, green: 0, blue: 0),
        .primary: RGBColor(red: 0x11 / 255, green: 0x11 / 255, blue: 0x11 / 255),
        .secondary: RGBColor(red: 0x22 / 255, green: 0x22 / 255, blue: 0x22 / 255),
        .tertiary: RGBColor(red: 0x33 / 255, green: 0x33 / 255, blue: 0x33 / 255),
        .residential: RGBColor(red: 0x44 / 255, green: 0x44 / 255, blue: 0x44 / 255),
        .default: RGBColor(red: 0x33 / 255, green: 0x33 / 255, blue: 0x33 / 255),
    ]
}
