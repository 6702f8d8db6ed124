/// Which edges of the map fade into the theme's gradient colour (the original fades both, maptoposter #162).
public enum PosterFade: String, Sendable, Hashable, CaseIterable {
    case both
    case top
    case bottom
    case none

    /// Parses `both`, `top`, `bottom` or `none`, in any case.
    ///
    /// - Throws: ``RenderError/Code/invalidFade`` for anything else.
    public init(parsing text: String) throws {
        guard let fade = PosterFade(rawValue: text.lowercased()) else {
            throw RenderError(.invalidFade, "Unknown fade '\(text)': use both, top, bottom or none.")
        }
        self = fade
    }

    /// Whether the top 25 % of the map fades.
    package var fadesTop: Bool { self == .both || self == .top }
    /// Whether the bottom 25 % of the map fades.
    package var fadesBottom: Bool { self == .both || self == .bottom }
}
