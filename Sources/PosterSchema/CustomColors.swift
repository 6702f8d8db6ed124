/// Colour overrides for a single-theme poster (pydantic model `CustomColors`); `nil` keeps the theme's.
public struct CustomColors: Sendable, Equatable {
    /// The background.
    public var bg: String?
    /// Water areas.
    public var water: String?
    /// Parks.
    public var parks: String?
    /// Every road class.
    public var roads: String?
    /// The text.
    public var text: String?

    /// Creates colour overrides.
    public init(
        bg: String? = nil, water: String? = nil, parks: String? = nil, roads: String? = nil, text: String? = nil
    ) {
        self.bg = bg
        self.water = water
        self.parks = parks
        self.roads = roads
        self.text = text
    }
}
