/// Colours that replace a theme's, each optional: a request's `custom_colors` (`PosterSchema.CustomColors`, its
/// texts) parsed.
public struct ColorOverrides: Sendable, Hashable {
    /// Replaces the background and, unlike the Python original, the fade colour too.
    public var background: RGBColor?
    public var water: RGBColor?
    public var parks: RGBColor?
    /// Replaces the colour of every road class.
    public var roads: RGBColor?
    public var text: RGBColor?

    public init(
        background: RGBColor? = nil,
        water: RGBColor? = nil,
        parks: RGBColor? = nil,
        roads: RGBColor? = nil,
        text: RGBColor? = nil
    ) {
        self.background = background
        self.water = water
        self.parks = parks
        self.roads = roads
        self.text = text
    }
}
