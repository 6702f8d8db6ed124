import ArgumentParser
import OSM
import PosterDesign

/// One of the web UI's five extra layers, as `--layer NAME[:COLOR[:WIDTH]]` selects it.
///
/// The names, tags, default colours and widths are the web UI's (`cycleways`, `rail`, `subway`, `forests`,
/// `rivers`); a colour (`#rrggbb`) and a width in points at the 12-inch reference may override the defaults.
struct ExtraLayer: ExpressibleByArgument, Sendable, Hashable {
    /// The layer to fetch and draw.
    var layer: MapDataRequest.Layer

    /// The web UI's layers by CLI name: label, tags, colour, width.
    static let presets: [(name: String, layer: MapDataRequest.Layer)] = [
        ("cycleways", .init(label: "Pistes Cyclables", color: "#3498db", width: 1.0, filter: .cycleways)),
        ("rail", .init(label: "Voies Ferrées", color: "#f1c40f", width: 1.2, filter: .rail)),
        ("subway", .init(label: "Métro", color: "#e74c3c", width: 1.5, filter: .subway)),
        ("forests", .init(label: "Forêts & Nature", color: "#27ae60", width: 0.5, filter: .forests)),
        ("rivers", .init(label: "Fleuves & Rivières", color: "#2980b9", width: 1.5, filter: .rivers)),
    ]

    init?(argument: String) {
        let parts = argument.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count <= 3, var layer = Self.presets.first(where: { $0.name == parts[0].lowercased() })?.layer
        else { return nil }
        if parts.count > 1, !parts[1].isEmpty {
            guard (try? RGBColor(hex: parts[1])) != nil else { return nil }
            layer.color = parts[1]
        }
        if parts.count > 2 {
            guard let width = Double(parts[2]), width > 0, width.isFinite else { return nil }
            layer.width = width
        }
        self.layer = layer
    }

    static var allValueStrings: [String] { presets.map(\.name) }

    static var defaultCompletionKind: CompletionKind { .list(allValueStrings) }
}
