import ArgumentParser
import MapFeatures
import Render

/// The poster's scale and page size, which together set how far around the centre features are read.
struct PosterSizeOptions: ParsableArguments {
    @Option(help: "Half the long side of the map, in metres (the web app's distance).")
    var distance: Double = 10_000

    @Option(help: "Paper preset: A4, A3, 12x16, 30x40cm or custom (then --width/--height).")
    var paper: String = "custom"

    @Option(help: "Width in inches (custom paper).")
    var width: Double = 12

    @Option(help: "Height in inches (custom paper).")
    var height: Double = 16

    /// Sets the distance and the page size (the paper preset, else width and height) on `options`.
    func apply(to options: inout PosterOptions) throws {
        options.distance = distance
        options.width = width
        options.height = height
        if let preset = try PaperSize.preset(named: paper) { options.apply(preset) }
    }

    /// How far around the centre to read features, in metres: ``PosterOptions/fetchDistance`` for this size.
    func fetchDistance() throws -> Double {
        var options = PosterOptions(center: GeoPoint(latitude: 0, longitude: 0), theme: try Theme.named(""))
        try apply(to: &options)
        return options.fetchDistance
    }
}
