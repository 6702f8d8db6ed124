/// Which words a poster carries: everything, the title only, or none (a map-only poster).
public enum PosterTextMode: String, Sendable, Hashable, CaseIterable {
    /// Title, divider, country, coordinates and the OpenStreetMap attribution: the Python original's poster.
    case all
    /// The title alone, where the original draws it.
    case title
    /// No text at all; whoever shows the poster then owes OpenStreetMap its attribution elsewhere.
    case none

    /// Parses `all`, `title` or `none`, in any case.
    ///
    /// - Throws: ``RenderError/Code/invalidText`` for anything else.
    public init(parsing text: String) throws {
        guard let mode = PosterTextMode(rawValue: text.lowercased()) else {
            throw RenderError(.invalidText, "Unknown text '\(text)': use all, title or none.")
        }
        self = mode
    }
}
