import MapFeatures
import PosterDesign

/// The themes the renderer ships (the original's 17, `PosterDesign`'s theme files), sorted by id.
struct RenderThemeCatalog: ThemeCatalog {
    func themes() -> [ThemeSummary] {
        Theme.all.map { theme in
            ThemeSummary(
                id: theme.id, name: theme.name, background: theme.background.hex,
                roadPrimary: (theme.roads[.primary] ?? theme.text).hex, water: theme.water.hex
            )
        }
    }
}
