public import Foundation
public import MapFeatures
public import PosterDesign

/// Draws map posters with Cairo and Pango: PNG, SVG or PDF, in memory or to a file.
///
/// ```swift
/// var options = PosterOptions(center: GeoPoint(latitude: 60.1699, longitude: 24.9384), distance: 4000,
///                             theme: try Theme.named("noir"),
///                             labels: PosterLabels(city: "Helsinki", country: "Finland"))
/// let png = try PosterRenderer.render(map, options: options)
/// ```
///
/// ## Threading
/// Rendering is CPU-bound and synchronous: about a quarter of a second of CPU for a city centre at 12 × 16 in, 300 dpi,
/// of which a PNG spreads the painting and the encoding over the cores (`DispatchQueue.concurrentPerform`).
/// Each call owns its Cairo and Pango objects, so calls may run on several threads at once; async callers
/// run it on the process's blocking-work pool (a `BlockingLane` of `BlockingWork`, which bounds how many run at
/// once), never on the cooperative pool. The `concurrentPerform` loops then run on Dispatch's threads while the
/// pool thread waits for them.
///
/// ## Output
/// PNGs are 8-bit RGB, encoded for speed (ISA-L's deflate at level 1, on several threads). PDFs keep
/// their text as text (fonts embedded, searchable); SVGs draw it as glyph outlines, as Cairo's SVG surface (and the
/// web fork's matplotlib) does. Fades are real gradients in PDF and SVG.
public enum PosterRenderer {
    /// Renders a poster into the bytes of a PNG, SVG or PDF file.
    ///
    /// - Parameters:
    ///   - map: the features, in geographic coordinates; anything outside the crop is clipped.
    ///   - options: centre, scale, size, theme, labels and format. They are validated first.
    /// - Returns: the file's bytes; a PNG is exactly `round(width·dpi) × round(height·dpi)` pixels.
    /// - Throws: ``RenderError`` for invalid options or a Cairo failure.
    @available(*, noasync, message: "Rendering blocks for up to seconds: call it from a thread pool you own")
    public static func render(_ map: MapData, options: PosterOptions) throws -> Data {
        let canvas = try draw(map, options: options).canvas
        return try canvas.finish()
    }

    /// Renders a poster and writes it to `url`.
    ///
    /// - Throws: ``RenderError`` for invalid options or a Cairo failure; Foundation's error if writing fails.
    @available(*, noasync, message: "Rendering blocks for up to seconds: call it from a thread pool you own")
    public static func render(_ map: MapData, options: PosterOptions, to url: URL) throws {
        try render(map, options: options).write(to: url)
    }

    /// Draws everything on a fresh canvas and reports the unknown-glyph count (for tests).
    ///
    /// A PNG's map is painted in horizontal bands of about 256 rows, spread over the cores; the overlays (route,
    /// markers, frame, north arrow) and the text are drawn afterwards over the whole image. PDF and SVG are drawn in one pass.
    static func draw(
        _ map: MapData,
        options: PosterOptions,
        bands: Int? = nil
    ) throws -> (canvas: CairoCanvas, unknownGlyphs: Int) {
        try options.validate()
        let layout = PosterLayout(options: options)
        let canvas = try CairoCanvas(options: options, layout: layout)
        let geometry = PosterGeometry(
            map: map, layout: layout, projection: TransverseMercator(center: options.center), route: options.route,
            markers: options.markers.map(\.point),
            lineTolerance: options.format == .png ? PosterGeometry.rasterLineTolerance(dpi: options.dpi) : 0)
        do {
            let bands = canvas.bands(bands ?? rasterBands(height: options.pixelSize.height))
            if bands.isEmpty {
                PosterPainter(context: canvas.context, layout: layout, options: options).paintMap(geometry)
            } else {
                DispatchQueue.concurrentPerform(iterations: bands.count) { index in
                    PosterPainter(context: bands[index].context, layout: layout, options: options).paintMap(geometry)
                }
            }
        }
        let painter = PosterPainter(context: canvas.context, layout: layout, options: options)
        var unknownGlyphs = painter.paintOverlays(geometry)
        let text = PosterText(labels: options.labels, center: options.center, scale: layout.textScale)
        unknownGlyphs += painter.paintText(text)
        try canvas.check("draw the poster")
        return (canvas, unknownGlyphs)
    }

    /// How many bands a PNG is painted in: one per 256 rows, at most 64. Small bands keep each thread's
    /// strokes within a few megabytes of memory (fewer cache and TLB misses: ~10 % less CPU than one band per
    /// core), and `concurrentPerform` spreads them over the cores.
    static func rasterBands(height: Int) -> Int { max(1, min(64, (height + 255) / 256)) }
}
