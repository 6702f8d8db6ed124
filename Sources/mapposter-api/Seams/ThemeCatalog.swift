/// The themes `/themes` lists.
protocol ThemeCatalog: Sendable {
    /// Every theme, in the order to list them.
    func themes() -> [ThemeSummary]
}

/// What `/themes` shows of one theme: `{"id", "name", "colors": {"bg", "road_primary", "water"}}`.
struct ThemeSummary: Sendable, Hashable {
    var id: String
    var name: String
    var background: String
    var roadPrimary: String
    var water: String
}
