import ArgumentParser
import MapFeatures
import PosterDesign

/// The poster's scale and page size, which together set how far around the centre features are read.
struct PosterSizeOptions: ParsableArguments {
    @Option(
        parsing: .unconditional,
        help: "Half the long side of the map, in metres: 1000 to 100000, as the web app and the API accept."
    )
    var distance: Double = 10_000

    @Flag(help: "Accept any distance the renderer draws, 1 to 200000 m, not only the web app's range.")
    var anyDistance = false

    @Option(
        help: """
            Paper preset: A4, A3, 12x16, 30x40cm, or one of them turned with -landscape (A4-landscape), or custom \
            (then --width/--height).
            """
    )
    var paper: String = "custom"

    @Option(parsing: .unconditional, help: "Width in inches, with --paper custom. (default: 12)")
    var width: Double?

    @Option(parsing: .unconditional, help: "Height in inches, with --paper custom. (default: 16)")
    var height: Double?

    func validate() throws {
        let preset: PaperSize?
        do {
            preset = try PaperSize.preset(named: paper)
        } catch let error as RenderError {
            throw ValidationError(error.message)
        }
        if preset != nil, width != nil || height != nil {
            throw ValidationError(
                "--width and --height set a custom size: leave them out with --paper \(paper), or give --paper custom."
            )
        }
        let range = anyDistance ? PosterOptions.distanceRange : PosterOptions.standardDistanceRange
        guard distance.isFinite, range ~= distance else {
            let limits = "between \(Int(range.lowerBound)) and \(Int(range.upperBound)) metres"
            let hint =
                anyDistance
                ? "" : " (the web app's range; --any-distance allows \(Int(PosterOptions.distanceRange.upperBound)))"
            throw ValidationError("Invalid distance \(distance) m: must be \(limits)\(hint).")
        }
    }

    /// Sets the distance and the page size (the paper preset, else width and height) on `options`.
    func apply(to options: inout PosterOptions) throws {
        options.distance = distance
        options.width = width ?? 12
        options.height = height ?? 16
        if let preset = try PaperSize.preset(named: paper) { options.apply(preset) }
    }

    /// How far around the centre to read features, in metres: ``PosterOptions/fetchDistance`` for this size.
    func fetchDistance() throws -> Double {
        var options = PosterOptions(center: GeoPoint(latitude: 0, longitude: 0), theme: try Theme.named(""))
        try apply(to: &options)
        return options.fetchDistance
    }
}
