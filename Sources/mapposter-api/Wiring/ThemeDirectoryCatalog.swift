import Foundation
import JSON

/// Themes read from a folder of the original's theme files (`<id>.json` with `name`, `bg`, `road_primary`,
/// `water`, …), as the original's `/themes` reads `./themes`. Files that fail to parse are skipped.
/// Listed sorted by id (the original used unsorted glob order).
struct ThemeDirectoryCatalog: ThemeCatalog {
    let summaries: [ThemeSummary]

    init(directory: URL) {
        let files = (try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)) ?? []
        summaries = files.filter { $0.pathExtension == "json" }.compactMap { file in
            let id = file.deletingPathExtension().lastPathComponent
            guard let data = try? Data(contentsOf: file),
                let json = try? JSONValue(parsing: String(decoding: data, as: UTF8.self)), json.object != nil
            else { return nil }
            let background = json["bg"]?.string ?? "#FFFFFF"
            return ThemeSummary(
                id: id, name: json["name"]?.string ?? id, background: background,
                roadPrimary: json["road_primary"]?.string ?? "#1A1A1A", water: json["water"]?.string ?? background)
        }.sorted { $0.id < $1.id }
    }

    func themes() -> [ThemeSummary] { summaries }
}
