public import Foundation
import MapFeatures

extension Theme {
    /// The ids of every shipped theme, sorted: `autumn`, `blueprint`, … `warm_beige`.
    public static var ids: [String] { catalog.keys.sorted() }

    /// Every shipped theme, sorted by id.
    public static var all: [Theme] { ids.map { catalog[$0]! } }

    /// The theme the web fork uses when a request names none: `feature_based`.
    public static let defaultID = "feature_based"

    /// The shipped theme with this id; an empty id means ``defaultID``.
    ///
    /// - Throws: ``RenderError/Code/unknownTheme`` listing the ids that exist.
    public static func named(_ id: String) throws -> Theme {
        let id = id.isEmpty ? defaultID : id
        if let theme = catalog[id] { return theme }
        throw RenderError(.unknownTheme, "Unknown theme '\(id)': use one of \(ids.joined(separator: ", ")).")
    }

    /// Parses a theme file's JSON (the Python original's keys: `name`, `bg`, `text`, `gradient_color`, …).
    ///
    /// `water` and `parks` default to `bg`, `gradient_color` to `bg`, `green_space` (ours) to `parks`, road keys to the
    /// web fork's fallbacks.
    /// - Throws: ``RenderError/Code/invalidTheme`` or ``RenderError/Code/invalidColor``.
    public init(id: String, json: Data) throws {
        let file: ThemeFile
        do {
            file = try JSONDecoder().decode(ThemeFile.self, from: json)
        } catch {
            throw RenderError(.invalidTheme, "Theme '\(id)' is not valid JSON: \(error)")
        }
        let background = try RGBColor(hex: file.bg)
        var roads: [RoadClass: RGBColor] = [:]
        for (roadClass, hex) in [
            (RoadClass.motorway, file.road_motorway), (.primary, file.road_primary),
            (.secondary, file.road_secondary), (.tertiary, file.road_tertiary),
            (.residential, file.road_residential), (.default, file.road_default),
        ] {
            if let hex { roads[roadClass] = try RGBColor(hex: hex) }
        }
        self.init(
            id: id,
            name: file.name ?? id,
            description: file.description ?? "",
            background: background,
            text: try RGBColor(hex: file.text),
            gradient: try file.gradient_color.map(RGBColor.init(hex:)) ?? background,
            water: try file.water.map(RGBColor.init(hex:)) ?? background,
            parks: try file.parks.map(RGBColor.init(hex:)) ?? background,
            greenSpace: try file.green_space.map(RGBColor.init(hex:)),
            roads: roads
        )
    }

    /// The themes of `Themes/*.json`, read once.
    private static let catalog: [String: Theme] = {
        guard let folder = Bundle.module.resourceURL?.appendingPathComponent("Themes"),
            let files = try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
        else { return [:] }
        var themes: [String: Theme] = [:]
        for file in files where file.pathExtension == "json" {
            let id = file.deletingPathExtension().lastPathComponent
            if let data = try? Data(contentsOf: file), let theme = try? Theme(id: id, json: data) {
                themes[id] = theme
            }
        }
        return themes
    }()
}

/// The JSON shape of a theme file; key names are the Python original's.
private struct ThemeFile: Decodable {
    var name: String?
    var description: String?
    var bg: String
    var text: String
    var gradient_color: String?
    var water: String?
    var parks: String?
    var green_space: String?
    var road_motorway: String?
    var road_primary: String?
    var road_secondary: String?
    var road_tertiary: String?
    var road_residential: String?
    var road_default: String?
}
