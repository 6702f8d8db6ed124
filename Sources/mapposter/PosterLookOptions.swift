import ArgumentParser
import PosterDesign

/// The poster options beyond the Python original's: text, line weight, frame, fades, markers, rotation.
struct PosterLookOptions: ParsableArguments {
    @Option(help: "Which text to draw: all (title, country, coordinates, attribution), title, or none.")
    var text: String = PosterTextMode.all.rawValue

    @Option(
        parsing: .unconditional, help: "Multiply every road's width by this, 0.1 to 10 (thicker roads for small areas)."
    )
    var lineScale: Double = 1

    @Flag(help: "Draw a border around the map in the theme's text colour.")
    var frame = false

    @Option(help: "Which edges of the map fade into the background: both, top, bottom or none.")
    var fade: String = PosterFade.both.rawValue

    @Option(
        name: .customLong("marker"),
        parsing: .unconditionalSingleValue,
        help: "A pin at LAT,LON with an optional label, e.g. \"60.17,24.94,Home\"; repeatable (at most 50).")
    var markers: [String] = []

    @Flag(help: "Number the markers and list their labels in a legend at the top left.")
    var legend = false

    @Option(parsing: .unconditional, help: "Turn the map clockwise by this many degrees, -360 to 360.")
    var rotation: Double = 0

    @Flag(help: "Draw an arrow pointing north at the top right.")
    var northArrow = false

    /// Sets these options on `options`.
    ///
    /// - Throws: ``Render/RenderError`` for a text, fade or marker that does not parse.
    func apply(to options: inout PosterOptions) throws {
        options.text = try PosterTextMode(parsing: text)
        options.lineScale = lineScale
        options.frame = frame
        options.fade = try PosterFade(parsing: fade)
        options.markers = try markers.map(PosterMarker.init(parsing:))
        options.legend = legend
        options.rotation = rotation
        options.northArrow = northArrow
    }
}
